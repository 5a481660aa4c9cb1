// Bicep linter and compiler messages quoted without their code (hover text pasted into an issue,
// tools that print only the message). Each text is the message Bicep formats, built from:
//   linter rules: src/Bicep.Core/Analyzers/Linter/Rules/<Rule>.cs with the strings of
//     src/Bicep.Core/CoreResources.resx (https://github.com/Azure/bicep, main);
//   compiler diagnostics: src/Bicep.Core/Diagnostics/DiagnosticBuilder.cs.
// The text must infer the rule or BCP code, from the rule that cites that source file; the same
// message printed with its code stays decided by the code.
#include <catch2/catch.hpp>

#include <string>

#include "classify/classifier.hpp"
#include "support.hpp"

using namespace bicepgate::classify;

namespace {

constexpr auto of = &bicepgate::testing::classified;

const std::string kRules =
    "https://github.com/Azure/bicep/blob/main/src/Bicep.Core/Analyzers/Linter/Rules/";
const std::string kBuilder =
    "https://github.com/Azure/bicep/blob/main/src/Bicep.Core/Diagnostics/DiagnosticBuilder.cs";

struct LinterCase {
  const char* rule_file;
  const char* code;
  const char* text;
};

// The rule's resource string (CoreResources.resx) filled as the rule's FormatMessage fills it;
// rules without FormatMessage print their description.
const LinterCase kLinterCases[] = {
    {"AdminUsernameShouldNotBeLiteralRule", "adminusername-should-not-be-literal",
     "Property 'adminUserName' should not use a literal value. Use a param instead. Found literal "
     "string value \"azureuser\""},
    {"ArtifactsParametersRule", "artifacts-parameters",
     "If an '_artifactsLocation' parameter is provided, an '_artifactsLocationSasToken' parameter "
     "must also be provided."},
    {"ArtifactsParametersRule", "artifacts-parameters",
     "Artifacts parameter '_artifactsLocationSasToken' must use the @secure() attribute"},
    {"DecompilerCleanupRule", "decompiler-cleanup",
     "The symbolic name of resource 'storageAccount_resource' appears to have originated from a "
     "naming conflict during a decompilation from JSON. Consider renaming it and removing the "
     "suffix (using the editor's rename functionality)."},
    {"ExplicitValuesForLocationParamsRule", "explicit-values-for-loc-params",
     "Parameter 'location' of module 'network' isn't assigned an explicit value, and its default "
     "value may not give the intended behavior for a location-related parameter. You should assign "
     "an explicit value to the parameter."},
    {"MaxNumberAssertsRule", "max-asserts",
     "Too many predeployment conditions. Number of 'assert' statements is limited to 32."},
    {"MaxNumberOutputsRule", "max-outputs",
     "Too many outputs. Number of outputs is limited to 64."},
    {"MaxNumberParametersRule", "max-params",
     "Too many parameters. Number of parameters is limited to 256."},
    {"MaxNumberResourcesRule", "max-resources",
     "Too many resources. Number of resources is limited to 800."},
    {"MaxNumberVariablesRule", "max-variables",
     "Too many variables. Number of variables is limited to 256."},
    {"NoConflictingMetadataRule", "no-conflicting-metadata",
     "The \"description\" metadata property conflicts with the \"description\" decorator and will "
     "be overwritten."},
    {"NoDeploymentsResourcesRule", "no-deployments-resources",
     "Resource 'nested' of type 'Microsoft.Resources/deployments' should instead be declared as a "
     "Bicep module."},
    {"NoExplicitAnyRule", "no-explicit-any",
     "Avoid using an explicit 'any' type whenever possible."},
    {"NoHardcodedEnvironmentUrlsRule", "no-hardcoded-env-urls",
     "Environment URLs should not be hardcoded. Use the environment() function to ensure "
     "compatibility across clouds. Found this disallowed host: \"management.azure.com\""},
    {"NoHardcodedLocationRule", "no-hardcoded-location",
     "A resource location should not use a hard-coded string or variable value. Please use a "
     "parameter value, an expression, or the string 'global'. Found: 'westus'"},
    {"NoHardcodedLocationRule", "no-hardcoded-location",
     "A resource location should not use a hard-coded string or variable value. Change variable "
     "'loc' into a parameter instead."},
    {"NoHardcodedOutputsRule", "no-hardcoded-outputs",
     "Output 'apiVersion' uses a hard-coded value. Use an exported variable for constants that "
     "need to be imported by other files."},
    {"NoLocationExprOutsideParamsRule", "no-loc-expr-outside-params",
     "Use a parameter here instead of 'resourceGroup().location'. 'resourceGroup().location' and "
     "'deployment().location' should only be used as a default value for parameters."},
    {"NoModuleNameRule", "no-module-name",
     "Avoid specifying an explicit module name. This simplifies code, and avoids the risk of "
     "accidental module name re-use within a deployment."},
    {"NoSymbolicReferencesInInnerScopedDeploymentResources", "nested-deployment-template-scoping",
     "The symbol \"storageName\" is declared in the context of the outer deployment and cannot be "
     "accessed by expressions within a nested deployment template that uses inner scoping for "
     "expression evaluation."},
    {"NoUnnecessaryDependsOnRule", "no-unnecessary-dependson",
     "Remove unnecessary dependsOn entry 'vnet'."},
    {"NoUnusedExistingResourcesRule", "no-unused-existing-resources",
     "Existing resource \"kv\" is declared but never used."},
    {"NoUnusedImportsRule", "no-unused-imports", "Import \"tags\" is declared but never used."},
    {"NoUnusedParametersRule", "no-unused-params", "Parameter \"sku\" is declared but never used."},
    {"NoUnusedTypesRule", "no-unused-types", "Type \"settings\" is declared but never used."},
    {"NoUnusedVariablesRule", "no-unused-vars", "Variable \"prefix\" is declared but never used."},
    {"OutputsShouldNotContainSecretsRule", "outputs-should-not-contain-secrets",
     "Outputs should not contain secrets. Found possible secret: output name 'adminPassword' "
     "suggests a secret"},
    {"PreferInterpolationRule", "prefer-interpolation",
     "Use string interpolation instead of the concat function."},
    {"PreferUnquotedPropertyNamesRule", "prefer-unquoted-property-names",
     "Property names that are valid identifiers should be declared without quotation marks and "
     "accessed using dot notation."},
    {"SecretsInParamsMustBeSecureRule", "secure-secrets-in-params",
     "Parameter 'adminPassword' may represent a secret (according to its name) and must be "
     "declared with the '@secure()' attribute."},
    {"SecureParameterDefaultRule", "secure-parameter-default",
     "Secure parameters should not have hardcoded defaults (except for empty or newGuid())."},
    {"SecureParamsInNestedDeploymentsRule", "secure-params-in-nested-deploy",
     "'nested' is an outer scoped nested deployment that accesses secure string parameters "
     "('adminPassword'), which could expose their values in deployment history. Either set the "
     "deployment's properties.expressionEvaluationOptions.scope to 'inner' or use a Bicep module "
     "instead."},
    {"SecureParamsInParametersFileRule", "secure-params-in-parameters-file",
     "Insecure parameter 'tag' is assigned a value that references secure parameter(s) 'secret', "
     "which could expose their values in deployment history."},
    {"SimplifyInterpolationRule", "simplify-interpolation",
     "Remove unnecessary string interpolation."},
    {"SimplifyJsonNullRule", "simplify-json-null", "Simplify json('null') to null"},
    {"StacksExtensibilityCompatibilityRule", "stacks-extensibility-compat",
     "Secure config property values must be a key vault reference to be valid for Deployment stack "
     "deployments."},
    {"UseDescriptionOutputRule", "use-description-outputs",
     "Output \"id\" must have a non-empty description."},
    {"UseDescriptionParametersRule", "use-description-params",
     "Parameter \"location\" must have a non-empty description."},
    {"UseDescriptionTypePropertyRule", "use-description-type-properties",
     "Type property \"name\" must have a non-empty description."},
    {"UseDescriptionTypeRule", "use-description-types",
     "Type \"settings\" must have a non-empty description."},
    {"UseDescriptionVarsRule", "use-description-vars",
     "Variable \"prefix\" must have a non-empty description."},
    {"UseParentPropertyRule", "use-parent-property",
     "Resource \"subnet\" has its name formatted as a child of resource \"vnet\". The syntax can "
     "be simplified by using the parent property."},
    {"UseProtectedSettingsForCommandToExecuteSecretsRule", "protect-commandtoexecute-secrets",
     "Use protectedSettings for commandToExecute secrets. Found possible secret: secure value "
     "'password'"},
    {"UseRecentApiVersionRule", "use-recent-api-versions",
     "Use more recent API version for 'Microsoft.Storage/storageAccounts'. '2019-06-01' is 1800 "
     "days old, should be no more than 730 days old, or the most recent."},
    {"UseRecentAzPowerShellVersionRule", "use-recent-az-powershell-version",
     "Deployment script is using AzPowerShell version '9.7' which is below the recommended minimum "
     "version '11.0'. Consider upgrading to version 11.0 or higher to avoid EOL Ubuntu 20.04 LTS."},
    {"UseRecentModuleVersionsRule", "use-recent-module-versions",
     "Use a more recent version of module 'avm/res/storage/storage-account'. The most recent "
     "version is 0.14.3."},
    {"UseRecognizedResourceTypeRule", "use-recognized-resource-type",
     "Resource type \"Microsoft.Storage/storageAccount\" is not recognized in function "
     "\"reference\". If this resource type does exist, the API version must be specified as a "
     "function argument."},
    {"UseResourceIdFunctionsRule", "use-resource-id-functions",
     "If property \"id\" represents a resource ID, it must use a symbolic resource reference, be a "
     "parameter or start with one of these functions: extensionResourceId, guid, if, "
     "managementGroupResourceId, reference, resourceId, subscription, subscriptionResourceId, "
     "tenantResourceId."},
    {"UseResourceSymbolReferenceRule", "use-resource-symbol-reference",
     "Use a resource reference instead of invoking function \"reference\". This simplifies the "
     "syntax and allows Bicep to better understand your deployment dependency graph."},
    {"UseSafeAccessRule", "use-safe-access",
     "The syntax can be simplified by using the safe access (.?) operator."},
    {"UseSafeAccessRule", "use-safe-access",
     "The property being accessed may be null. Use the (.?) operator to handle this safely."},
    {"UseSecureValueForSecureInputsRule", "use-secure-value-for-secure-inputs",
     "Property 'adminPassword' expects a secure value, but the value provided may not be secure."},
    {"UseStableResourceIdentifiersRule", "use-stable-resource-identifiers",
     "Resource identifiers should be reproducible outside of their initial deployment context. "
     "Resource sa's 'name' identifier is potentially nondeterministic due to its use of the "
     "'newGuid' function (sa.name -> suffix -> newGuid())."},
    {"UseStableVMImageRule", "use-stable-vm-image",
     "Virtual machines shouldn't use preview images. Use stable version in imageReference property "
     "\"offer\"."},
    {"UseUserDefinedTypesRule", "use-user-defined-types",
     "Use user-defined types instead of 'object' or 'array'."},
    {"WhatIfShortCircuitingRule", "what-if-short-circuiting",
     "Parameter 'vnetName' is used as a resource identifier, API version, or condition in the "
     "module 'network'. Providing a runtime value for this parameter will lead to short-circuiting "
     "or less precise predictions in What-If."},
};

struct CompilerCase {
  const char* code;
  const char* text;
};

// DiagnosticBuilder.cs format strings with their interpolations filled.
const CompilerCase kCompilerCases[] = {
    {"BCP103",
     "The following token is not recognized: \"\\\"\". Strings are defined using single quotes in "
     "bicep."},
    {"BCP001", "The following token is not recognized: \"#\"."},
    {"BCP009",
     "Expected a literal value, an array, an object, a parenthesized expression, or a function "
     "call at this location."},
    {"BCP025",
     "The property \"location\" is declared multiple times in this object. Remove or rename the "
     "duplicate properties."},
    {"BCP028",
     "Identifier \"storage\" is declared multiple times. Remove or rename the duplicates."},
    {"BCP029",
     "The resource type is not valid. Specify a valid resource type of format "
     "\"<type-name>@<apiVersion>\"."},
    {"BCP032", "The value must be a compile-time constant."},
    {"BCP321",
     "Expected a value of type \"string\" but the provided value is of type \"null | string\"."},
    {"BCP033", "Expected a value of type \"int\" but the provided value is of type \"'3'\"."},
    {"BCP034",
     "The enclosing array expected an item of type \"string\", but the provided item was of type "
     "\"int\"."},
    {"BCP035",
     "The specified \"resource\" declaration is missing the following required properties: "
     "\"location\"."},
    {"BCP036",
     "The property \"kind\" expected a value of type \"'BlobStorage' | 'StorageV2'\" but the "
     "provided value is of type \"'storagev2'\". If this is a resource type definition inaccuracy, "
     "report it using https://aka.ms/bicep-type-issues."},
    {"BCP036",
     "The property \"sku\" expected a value of type \"object\" but the provided value in source "
     "declaration \"sa\" is of type \"string\"."},
    {"BCP089",
     "The property \"locaton\" is not allowed on objects of type "
     "\"Microsoft.Storage/storageAccounts\". Did you mean \"location\"?"},
    {"BCP037",
     "The property \"tier\" is not allowed on objects of type \"Sku\". Permissible properties "
     "include \"capacity\", \"family\"."},
    {"BCP037",
     "The property \"tier\" from source declaration \"skuParam\" is not allowed on objects of type "
     "\"Sku\"."},
    {"BCP040", "String interpolation is not supported for keys on objects of type \"Tags\"."},
    {"BCP048", "Cannot resolve function overload."},
    {"BCP045", "Cannot apply operator \"+\" to operands of type \"string\" and \"int\"."},
    {"BCP044", "Cannot apply operator \"!\" to operand of type \"string\"."},
    {"BCP083",
     "The type \"StorageAccountProperties\" does not contain property \"primaryEndpoint\". Did you "
     "mean \"primaryEndpoints\"?"},
    {"BCP053",
     "The type \"outputs\" does not contain property \"vnetId\". Available properties include "
     "\"subnetId\", \"vnetName\"."},
    {"BCP052", "The type \"object\" does not contain property \"id\"."},
    {"BCP055", "Cannot access properties of type \"string\". An \"object\" type is required."},
    {"BCP082",
     "The name \"resourcegroup\" does not exist in the current context. Did you mean "
     "\"resourceGroup\"?"},
    {"BCP057", "The name \"cidrHost\" does not exist in the current context."},
    {"BCP265", "The name \"getSecret\" is not a function. Did you mean \"az.getSecret\"?"},
    {"BCP059", "The name \"location\" is not a function."},
    {"BCP060",
     "The \"variables\" function is not supported. Directly reference variables by their symbolic "
     "names."},
    {"BCP061",
     "The \"parameters\" function is not supported. Directly reference parameters by their "
     "symbolic names."},
    {"BCP062", "The referenced declaration with name \"storage\" is not valid."},
    {"BCP063", "The name \"subnet\" is not a parameter, variable, resource or module."},
    {"BCP065",
     "Function \"utcNow\" is not valid at this location. It can only be used as a parameter "
     "default value."},
    {"BCP066",
     "Function \"reference\" is not valid at this location. It can only be used in resource "
     "declarations."},
    {"BCP070", "Argument of type \"int\" is not assignable to parameter of type \"string\"."},
    {"BCP071", "Expected 1 to 2 arguments, but got 3."},
    {"BCP071", "Expected at least 1 argument, but got 0."},
    {"BCP072",
     "This symbol cannot be referenced here. Only other parameters can be referenced in parameter "
     "default values."},
    {"BCP073",
     "The property \"id\" is read-only. Expressions cannot be assigned to read-only properties."},
    {"BCP077",
     "The property \"adminPassword\" on type \"OSProfile\" is write-only. Write-only properties "
     "cannot be accessed."},
    {"BCP078", "The property \"name\" requires a value of type \"string\", but none was supplied."},
    {"BCP079", "This expression is referencing its own declaration, which is not allowed."},
    {"BCP080", "The expression is involved in a cycle (\"a\" -> \"b\")."},
    {"BCP230",
     "The referenced module uses resource type \"Microsoft.Web/sites@2099-01-01\" which does not "
     "have types available. Bicep is unable to validate resource properties prior to deployment, "
     "but this will not block the resource from being deployed."},
    {"BCP081",
     "Resource type \"Microsoft.Web/sites@2099-01-01\" does not have types available. Bicep is "
     "unable to validate resource properties prior to deployment, but this will not block the "
     "resource from being deployed."},
    {"BCP084",
     "The symbolic name \"az\" is reserved. Please use a different symbolic name. Reserved "
     "namespaces are \"az\", \"sys\"."},
    {"BCP091", "An error occurred reading file. Could not find file '/src/config.json'."},
    {"BCP093",
     "File path \"modules/vnet.bicep\" could not be resolved relative to \"/src/main.bicep\"."},
    {"BCP094", "This module references itself, which is not allowed."},
    {"BCP095", "The file is involved in a cycle (\"/src/a.bicep\" -> \"/src/b.bicep\")."},
    {"BCP100",
     "The function \"if\" is not supported. Use the \"?:\" (ternary conditional) operator instead, "
     "e.g. condition ? ValueIfTrue : ValueIfFalse"},
    {"BCP104", "The referenced module has errors."},
    {"BCP108",
     "The function \"getsecret\" does not exist in namespace \"az\". Did you mean \"getSecret\"?"},
    {"BCP107", "The function \"toJson\" does not exist in namespace \"sys\"."},
    {"BCP110",
     "The type \"Microsoft.Storage/storageAccounts\" does not contain function \"listkeys\". Did "
     "you mean \"listKeys\"?"},
    {"BCP109", "The type \"Microsoft.Web/sites\" does not contain function \"listKeys\"."},
    {"BCP112", "The \"targetScope\" cannot be declared multiple times in one file."},
    {"BCP113",
     "Unsupported scope for module deployment in a \"tenant\" target scope. Omit this property to "
     "inherit the current scope, or specify a valid scope. "},
    {"BCP114",
     "Unsupported scope for module deployment in a \"managementGroup\" target scope. Omit this "
     "property to inherit the current scope, or specify a valid scope. "},
    {"BCP115",
     "Unsupported scope for module deployment in a \"subscription\" target scope. Omit this "
     "property to inherit the current scope, or specify a valid scope. "},
    {"BCP116",
     "Unsupported scope for module deployment in a \"resourceGroup\" target scope. Omit this "
     "property to inherit the current scope, or specify a valid scope. "},
    {"BCP117", "An empty indexer is not allowed. Specify a valid expression."},
    {"BCP120",
     "This expression is being used in an assignment to the \"name\" property of the "
     "\"Microsoft.Network/privateEndpoints\" type, which requires a value that can be calculated "
     "at the start of the deployment. Properties of sa which can be calculated at the start "
     "include \"apiVersion\", \"id\", \"name\", \"type\"."},
    {"BCP121",
     "Resources: \"sa1\", \"sa2\" are defined with this same name in a file. Rename them or split "
     "into different modules."},
    {"BCP124",
     "The decorator \"maxLength\" can only be attached to targets of type \"array | string\", but "
     "the target has type \"int\"."},
    {"BCP125", "Function \"batchSize\" cannot be used as a parameter decorator."},
    {"BCP126", "Function \"secure\" cannot be used as a variable decorator."},
    {"BCP127", "Function \"secure\" cannot be used as a resource decorator."},
    {"BCP129", "Function \"allowed\" cannot be used as an output decorator."},
    {"BCP132", "Expected a declaration after the decorator."},
    {"BCP134",
     "Scope \"resourceGroup\" is not valid for this module. Permitted scopes: \"subscription\"."},
    {"BCP135",
     "Scope \"resourceGroup\" is not valid for this resource type. Permitted scopes: "
     "\"subscription\"."},
    {"BCP139",
     "A resource's scope must match the scope of the Bicep file for it to be deployable. You must "
     "use modules to deploy resources to a different scope."},
    {"BCP144",
     "Directly referencing a resource or module collection is not currently supported here. Apply "
     "an array indexer to the expression."},
    {"BCP165",
     "A resource's computed scope must match that of the Bicep file for it to be deployable. This "
     "resource's scope is computed from the \"scope\" property value assigned to ancestor resource "
     "\"vnet\". You must use modules to deploy resources to a different scope."},
    {"BCP169",
     "Expected resource name to contain 1 \"/\" character(s). The number of name segments must "
     "match the number of segments in the resource type."},
    {"BCP170",
     "Expected resource name to not contain any \"/\" characters. Child resources with a parent "
     "resource reference (via the parent property or via nesting) must not contain a "
     "fully-qualified name."},
    {"BCP171",
     "Resource type \"Microsoft.Network/virtualNetworks/subnets\" is not a valid child resource of "
     "parent \"Microsoft.Network/networkSecurityGroups\"."},
    {"BCP173", "The property \"location\" cannot be used in an existing resource declaration."},
    {"BCP176", "Values of the \"any\" type are not allowed here."},
    {"BCP177",
     "This expression is being used in the if-condition expression, which requires a value that "
     "can be calculated at the start of the deployment."},
    {"BCP178",
     "This expression is being used in the for-expression, which requires a value that can be "
     "calculated at the start of the deployment."},
    {"BCP179",
     "Unique resource or deployment name is required when looping. The loop item variable "
     "\"subnet\" must be referenced in at least one of the value expressions of the following "
     "properties: \"name\""},
    {"BCP181",
     "This expression is being used in an argument of the function \"loadTextContent\", which "
     "requires a value that can be calculated at the start of the deployment."},
    {"BCP182",
     "This expression is being used in the for-body of the variable \"ids\", which requires values "
     "that can be calculated at the start of the deployment."},
    {"BCP183", "The value of the module \"params\" property must be an object literal."},
    {"BCP187",
     "The property \"publicNetworkAccess\" does not exist in the resource or type definition, "
     "although it might still be valid. If this is a resource type definition inaccuracy, report "
     "it using https://aka.ms/bicep-type-issues."},
    {"BCP193",
     "The specified OCI artifact reference \"br:contoso.azurecr.io/vnet\" is not valid. Specify a "
     "reference in the format of \"br:<artifact-uri>:<tag>\", or "
     "\"br/<module-alias>:<module-name-or-path>:<tag>\"."},
    {"BCP208",
     "The specified namespace \"azure\" is not recognized. Specify a resource reference using one "
     "of the following namespaces: \"az\", \"sys\"."},
    {"BCP210",
     "Resource type belonging to namespace \"Microsoft.Insights\" cannot have a parent resource "
     "type belonging to different namespace \"Microsoft.Web\"."},
    {"BCP258",
     "The following parameters are declared in the Bicep file but are missing an assignment in the "
     "params file: \"location\"."},
    {"BCP259",
     "The parameter \"sku\" is assigned in the params file without being declared in the Bicep "
     "file."},
    {"BCP260",
     "The parameter \"count\" expects a value of type \"int\" but the provided value is of type "
     "\"'2'\"."},
    {"BCP288", "'settings' refers to a type but is being used as a value here."},
    {"BCP318",
     "The value of type \"null | object\" may be null at the start of the deployment, which would "
     "cause this access expression (and the overall deployment with it) to fail."},
    {"BCP327",
     "The provided value (which will always be greater than or equal to 10) is too large to assign "
     "to a target for which the maximum allowable value is 5."},
    {"BCP328",
     "The provided value (which will always be less than or equal to 1) is too small to assign to "
     "a target for which the minimum allowable value is 3."},
    {"BCP329",
     "The provided value can be as small as 0 and may be too small to assign to a target with a "
     "configured minimum of 1."},
    {"BCP330",
     "The provided value can be as large as 100 and may be too large to assign to a target with a "
     "configured maximum of 10."},
    {"BCP332",
     "The provided value (whose length will always be greater than or equal to 30) is too long to "
     "assign to a target for which the maximum allowable length is 24."},
    {"BCP333",
     "The provided value (whose length will always be less than or equal to 2) is too short to "
     "assign to a target for which the minimum allowable length is 3."},
    {"BCP334",
     "The provided value can have a length as small as 0 and may be too short to assign to a "
     "target with a configured minimum length of 3."},
    {"BCP335",
     "The provided value can have a length as large as 90 and may be too long to assign to a "
     "target with a configured maximum length of 24."},
    {"BCP338",
     "Failed to evaluate parameter \"name\": Unhandled exception during evaluating template "
     "language function 'substring' is not handled."},
    {"BCP360",
     "The 'tags' symbol was not found in (or was not exported by) the imported template."},
    {"BCP420",
     "The scope could not be resolved at compile time because the supplied expression is ambiguous "
     "or too complex. Scoping expressions must be reducible to a specific kind of scope without "
     "knowledge of parameter values."},
    {"BCP422",
     "A resource of type \"Microsoft.KeyVault/vaults\" may or may not exist when this function is "
     "called, which could cause the deployment to fail."},
};

}  // namespace

TEST_CASE("a linter message without its rule id infers the rule from Bicep's source") {
  for (const auto& lint : kLinterCases) {
    INFO(lint.text);
    auto c = of(lint.text);
    CHECK(c.code == lint.code);
    CHECK(c.failure_class == FailureClass::kLogic);
    CHECK_FALSE(c.retryable);
    CHECK(c.basis == Basis::kText);
    CHECK(c.rule_source == kRules + lint.rule_file + ".cs");
  }
}

TEST_CASE("a compiler message without its BCP code infers the code from DiagnosticBuilder") {
  for (const auto& diagnostic : kCompilerCases) {
    INFO(diagnostic.text);
    auto c = of(diagnostic.text);
    CHECK(c.code == diagnostic.code);
    CHECK(c.failure_class == FailureClass::kLogic);
    CHECK_FALSE(c.retryable);
    CHECK(c.basis == Basis::kText);
    CHECK(c.rule_source == kBuilder);
  }
}

// Quoted by a tool that prefixes its own label, or pasted inside a longer log.
TEST_CASE("a quoted linter message is found inside a longer log") {
  auto c =
      of("Run azure/bicep-lint\n"
         "warning: Use a resource reference instead of invoking function \"reference\". This "
         "simplifies the syntax and allows Bicep to better understand your deployment dependency "
         "graph.\n"
         "Error: Process completed with exit code 1.");
  CHECK(c.code == "use-resource-symbol-reference");
  CHECK(c.failure_class == FailureClass::kLogic);
  CHECK_THAT(c.hint, Catch::Contains("resource's symbol"));
}

// BCP190 "The artifact with reference \"{artifactRef}\" has not been restored.", BCP191 "Unable
// to restore the artifact with reference \"{artifactRef}\".", BCP192 the same with ": {message}";
// older Bicep said "module" for "artifact". BCP213: the alias is missing from bicepconfig.json.
TEST_CASE("restore and registry messages without their code are configuration or transient") {
  auto not_restored =
      of("The artifact with reference \"br:contoso.azurecr.io/bicep/vnet:1.0\" has not been "
         "restored.");
  CHECK(not_restored.code == "BCP190");
  CHECK(not_restored.failure_class == FailureClass::kConfiguration);
  CHECK(not_restored.rule_source == kBuilder);

  auto old_wording =
      of("The module with reference \"br:contoso.azurecr.io/bicep/vnet:1.0\" has not been "
         "restored.");
  CHECK(old_wording.code == "BCP190");

  auto unable = of("Unable to restore the artifact with reference \"br:contoso.azurecr.io/x:1\".");
  CHECK(unable.code == "BCP191");
  CHECK(unable.failure_class == FailureClass::kConfiguration);

  auto timed_out =
      of("Unable to restore the artifact with reference \"br:contoso.azurecr.io/x:1\": The "
         "operation has timed out.");
  CHECK(timed_out.code == "BCP192");
  CHECK(timed_out.failure_class == FailureClass::kEnvironmental);
  CHECK(timed_out.retryable);

  // A registry that refuses the runner's identity stays with the rule that was there before.
  auto denied =
      of("Unable to restore the artifact with reference \"br:contoso.azurecr.io/x:1\": "
         "Azure.RequestFailedException: Service request failed. Status: 401 (Unauthorized)");
  CHECK(denied.code == "BCP192");
  CHECK(denied.failure_class == FailureClass::kConfiguration);
  CHECK_FALSE(denied.retryable);

  auto alias =
      of("The OCI artifact module alias name \"contoso\" does not exist in the Bicep configuration "
         "\"/src/bicepconfig.json\".");
  CHECK(alias.code == "BCP213");
  CHECK(alias.failure_class == FailureClass::kConfiguration);
}

// UseRecentModuleVersionsRule.cs: the rule's own network failure (CoreResources
// UseRecentModulesVersionRule_CouldNotDownload, _NotCached) is not a template finding.
TEST_CASE("the module-version rule that could not reach the registry is not a logic failure") {
  auto offline = of("Could not download available module versions: Connection refused");
  CHECK(offline.code == "use-recent-module-versions");
  CHECK(offline.failure_class == FailureClass::kEnvironmental);
  CHECK(offline.retryable);

  auto no_restore = of(
      "Available module versions have not yet been downloaded. If running from the command line, "
      "be sure --no-restore is not specified.");
  CHECK(no_restore.code == "use-recent-module-versions");
  CHECK(no_restore.failure_class == FailureClass::kConfiguration);
}

// The Bicep CLI's line form, "<file>(<line>,<col>) : <Level> <code>: <message>": the printed code
// decides (kind bicep), as it did before these text rules existed.
TEST_CASE("a Bicep diagnostic that prints its code is decided by that code") {
  const std::string bicep_core =
      "https://learn.microsoft.com/azure/azure-resource-manager/bicep/bicep-core-diagnostics";
  struct Printed {
    const char* text;
    const char* code;
  };
  for (const auto& printed : {
           Printed{"/src/main.bicep(3,7) : Warning no-unused-params: Parameter \"sku\" is declared "
                   "but never used. [https://aka.ms/bicep/linter/no-unused-params]",
                   "no-unused-params"},
           Printed{"/src/main.bicep(12,5) : Warning use-resource-symbol-reference: Use a resource "
                   "reference instead of invoking function \"reference\". This simplifies the "
                   "syntax and allows Bicep to better understand your deployment dependency graph. "
                   "[https://aka.ms/bicep/linter/use-resource-symbol-reference]",
                   "use-resource-symbol-reference"},
           Printed{"/src/main.bicep(8,3) : Error BCP037: The property \"tier\" is not allowed on "
                   "objects of type \"Sku\". Permissible properties include \"capacity\".",
                   "BCP037"},
           // The printed code wins even where the wording alone would say another one.
           Printed{"/src/main.bicep(4,10) : Error BCP036: The name \"cidrHost\" does not exist in "
                   "the current context.",
                   "BCP036"},
       }) {
    INFO(printed.text);
    auto c = of(printed.text);
    CHECK(c.code == printed.code);
    CHECK(c.basis == Basis::kCode);
    CHECK(c.failure_class == FailureClass::kLogic);
    CHECK(c.rule_source == bicep_core);
    CHECK(c.hint == "Fix the Bicep source at the line shown.");
    REQUIRE(c.primary != nullptr);
    CHECK(c.primary->file == "/src/main.bicep");
  }
}
