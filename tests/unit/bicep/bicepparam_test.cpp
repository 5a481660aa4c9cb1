#include "bicep/bicepparam.hpp"

#include <catch2/catch.hpp>

using namespace bicepgate::bicep;

TEST_CASE("a .bicepparam file names its template with using") {
  CHECK(using_target("using '../main-modular.bicep'\n\nparam environment = 'dev'\n") ==
        "../main-modular.bicep");
}

TEST_CASE("comments and strings before using are skipped; escapes are resolved") {
  CHECK(using_target("// using 'not-this.bicep'\n/* using 'nor.bicep' */\n"
                     "using /* here */ 'it\\'s.bicep' // trailing\nparam a = 'using x'\n") ==
        "it's.bicep");
}

TEST_CASE("using none and a file without using name no template") {
  CHECK_FALSE(using_target("using none\nparam a = 1\n").has_value());
  CHECK_FALSE(using_target("param a = 'using \\'x.bicep\\''\n").has_value());
  CHECK_FALSE(using_target("").has_value());
}

TEST_CASE("registry modules and template specs are not local files") {
  CHECK(is_local_target("../main.bicep"));
  CHECK(is_local_target("main.json"));
  CHECK_FALSE(is_local_target("br/public:avm/res/storage/storage-account:0.9.0"));
  CHECK_FALSE(is_local_target("br:myacr.azurecr.io/bicep/modules/storage:v1"));
  CHECK_FALSE(is_local_target("ts:00000000-0000-0000-0000-000000000000/rg/spec:1.0"));
  CHECK_FALSE(is_local_target("ts/myStorage:storageSpec:1.0"));
}
