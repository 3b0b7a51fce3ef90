// DARS production. No secrets here: the GOV.UK Notify key lives in Key Vault (see README).
using './main.bicep'

param environmentName = 'prod'

// The DARS API app registration in Entra ID (not a secret). Set it in the shell that deploys:
//   export DARS_ENTRA_CLIENT_ID=<application (client) id>
param entraClientId = readEnvironmentVariable('DARS_ENTRA_CLIENT_ID')

param notificationSender = 'GovukNotify'
param caseOfficersEmail = 'dars-case-officers@example.nhs.uk'

// DARS template name -> GOV.UK Notify template id (ids are not secrets). Every template DARS sends
// needs one, e.g. 'expiry-reminder': '<template id>'; a send without one fails and is retried.
param notifyTemplateIds = {}

param storageSku = 'Standard_ZRS'
param maximumInstanceCount = 100
param logRetentionInDays = 365

param tags = {
  costCentre: 'dars'
}
