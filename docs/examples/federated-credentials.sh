app=$(az ad app create --display-name bicepgate-deployer --query appId -o tsv)
az ad sp create --id "$app"
for env in dev staging prod; do
  az ad app federated-credential create --id "$app" --parameters "{
    \"name\": \"github-$env\", \"issuer\": \"https://token.actions.githubusercontent.com\",
    \"subject\": \"repo:OWNER/REPO:environment:$env\", \"audiences\": [\"api://AzureADTokenExchange\"]}"
  az role assignment create --assignee "$app" --role Contributor \
    --scope "/subscriptions/SUBSCRIPTION_ID/resourceGroups/rg-aos-$env"
done
