// DARS dev environment. No secrets here: the GOV.UK Notify key lives in Key Vault (see README).
using './main.bicep'

param environmentName = 'dev'

// The DARS API app registration in Entra ID (not a secret). Set it in the shell that deploys:
//   export DARS_ENTRA_CLIENT_ID=<application (client) id>
param entraClientId = readEnvironmentVariable('DARS_ENTRA_CLIENT_ID')

// Notifications land as blobs in dars-notifications; no Notify key or template ids are needed.
param notificationSender = 'Local'
param caseOfficersEmail = 'dars-case-officers-dev@example.nhs.uk'

param storageSku = 'Standard_LRS'
param logRetentionInDays = 30

param tags = {
  costCentre: 'dars-dev'
}
