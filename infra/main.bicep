// DARS — Azure infrastructure (resource-group scope).
//
// A Linux Function App on the Flex Consumption plan running Dars.Functions as a custom handler, with:
// a storage account for the app's state and the Functions host (shared-key access off, managed identity
// only), Key Vault (RBAC) for the secrets operators set, Application Insights on a Log Analytics
// workspace, and least-privilege role assignments for the app's system-assigned identity.
// No connection string or account key appears anywhere. See infra/README.md.

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------

@description('Environment name, used in resource names and tags.')
@allowed([
  'dev'
  'test'
  'prod'
])
param environmentName string

@description('Azure region for every resource; defaults to the resource group\'s.')
param location string = resourceGroup().location

@description('Prefix for resource names: lowercase letters and digits, starting with a letter.')
@minLength(2)
@maxLength(8)
param appName string = 'dars'

@description('Entra ID tenant that issues the tokens the API accepts.')
param entraTenantId string = tenant().tenantId

@description('Application (client) id of the DARS API app registration; tokens must carry it (or api://<it>) as audience.')
@minLength(36)
@maxLength(36)
param entraClientId string

@description('DARS notification template name -> GOV.UK Notify template id (not secrets). Names are stored as app settings Dars__Notifications__Templates__<name> with "-" written as "_", because App Service setting names allow only letters, digits, "." and "_".')
param notifyTemplateIds { *: string } = {}

@description('Where notifications go: GOV.UK Notify (needs the GovukNotifyApiKey secret) or Local (a blob per message in dars-notifications; for non-production environments).')
@allowed([
  'GovukNotify'
  'Local'
])
param notificationSender string = 'GovukNotify'

@description('The mailbox that receives notices meant for the DARS case officers.')
param caseOfficersEmail string = 'dars-case-officers@example.nhs.uk'

@description('Storage redundancy. Flex Consumption supports LRS and ZRS.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param storageSku string = 'Standard_LRS'

@description('Flex Consumption: the most instances the app may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Flex Consumption: memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Flex Consumption runtime version of the custom handler stack (see `az functionapp list-flexconsumption-runtimes --location <region> --runtime custom`).')
param customHandlerRuntimeVersion string = '1.0'

@description('Days Log Analytics keeps telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 90

@description('Turn off Application Insights key-based ingestion, so only Entra-authenticated telemetry is accepted. The Functions host authenticates with the app identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING); leave this off until the app\'s own OpenTelemetry exporter does too.')
param appInsightsDisableLocalAuth bool = false

@description('Tags added to every resource.')
param tags { *: string } = {}

// ---------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------

var suffix = uniqueString(subscription().id, resourceGroup().id, appName, environmentName)
var allTags = union(tags, {
  application: 'dars'
  environment: environmentName
})

var storageAccountName = take('st${toLower(replace(appName, '-', ''))}${environmentName}${suffix}', 24)
var keyVaultName = take('kv-${appName}-${environmentName}-${suffix}', 24)
var workspaceName = 'log-${appName}-${environmentName}-${suffix}'
var appInsightsName = 'appi-${appName}-${environmentName}-${suffix}'
var planName = 'plan-${appName}-${environmentName}-${suffix}'
var functionAppName = 'func-${appName}-${environmentName}-${suffix}'

// Names the app uses (Dars.Functions Runtime/Storage/StorageOptions, NamePrefix "dars").
var blobContainers = [
  'dars-notifications'
  'dars-cohorts'
  'dars-datasets'
  'dars-releases'
]
var tables = [
  'darsinstances'
  'darsreferences'
  'darstimers'
  'darsindex'
]
var queues = [
  'dars-activities'
  'dars-activities-poison'
]

// Flex Consumption deploys the package (./dars.sh publish) into this container, read with the app identity.
var deploymentContainerName = 'deployment-package'

// The one secret the app needs; operators set it (it is not created here).
var govukNotifyApiKeySecretName = 'GovukNotifyApiKey'

// ---------------------------------------------------------------------------
// Storage: state (tables, queues, blobs) and Functions host storage; Entra ID auth only
// ---------------------------------------------------------------------------

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: storageAccountName
  location: location
  tags: allTags
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: true
      services: {
        blob: {
          enabled: true
          keyType: 'Account'
        }
        file: {
          enabled: true
          keyType: 'Account'
        }
        queue: {
          enabled: true
          keyType: 'Account'
        }
        table: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Short windows: an accidental delete can be undone, while destroyed extracts are really gone a week later.
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for name in blobContainers: {
    parent: blobService
    name: name
    properties: {
      publicAccess: 'None'
    }
  }
]

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource storageTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for name in tables: {
    parent: tableService
    name: name
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource storageQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' = [
  for name in queues: {
    parent: queueService
    name: name
  }
]

// ---------------------------------------------------------------------------
// Monitoring
// ---------------------------------------------------------------------------

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: workspaceName
  location: location
  tags: allTags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: allTags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: appInsightsDisableLocalAuth
    IngestionMode: 'LogAnalytics'
  }
}

// ---------------------------------------------------------------------------
// Key Vault: RBAC only; secrets are set by operators (see README)
// ---------------------------------------------------------------------------

resource keyVault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: keyVaultName
  location: location
  tags: allTags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

// ---------------------------------------------------------------------------
// Function App: Flex Consumption, Linux, custom handler, system-assigned identity
// ---------------------------------------------------------------------------

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: allTags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

var templateSettings = [
  for item in items(notifyTemplateIds): {
    name: 'Dars__Notifications__Templates__${replace(item.key, '-', '_')}'
    value: item.value
  }
]

// Identity-based connections only. The app and the Functions host both read the AzureWebJobsStorage__*
// service URIs and authenticate with the system-assigned identity (no __clientId: not a user-assigned one).
var baseSettings = [
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__blobServiceUri'
    value: storage.properties.primaryEndpoints.blob
  }
  {
    name: 'AzureWebJobsStorage__queueServiceUri'
    value: storage.properties.primaryEndpoints.queue
  }
  {
    name: 'AzureWebJobsStorage__tableServiceUri'
    value: storage.properties.primaryEndpoints.table
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsights.properties.ConnectionString
  }
  {
    // The Functions host sends its telemetry with the app identity (Monitoring Metrics Publisher below).
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'Authorization=AAD'
  }
  {
    name: 'ASPNETCORE_ENVIRONMENT'
    value: 'Production'
  }
  {
    name: 'Authentication__Schemes__Bearer__Authority'
    value: '${environment().authentication.loginEndpoint}${entraTenantId}/v2.0'
  }
  {
    name: 'Authentication__Schemes__Bearer__ValidAudiences__0'
    value: entraClientId
  }
  {
    name: 'Authentication__Schemes__Bearer__ValidAudiences__1'
    value: 'api://${entraClientId}'
  }
  {
    name: 'Dars__Notifications__Sender'
    value: notificationSender
  }
  {
    name: 'Dars__Notifications__CaseOfficersEmail'
    value: caseOfficersEmail
  }
  {
    // Resolved by App Service with the app identity (Key Vault Secrets User below).
    name: 'Dars__Notifications__GovukNotifyApiKey'
    value: '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName=${govukNotifyApiKeySecretName})'
  }
]

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: functionAppName
  location: location
  tags: allTags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled'
    keyVaultReferenceIdentity: 'SystemAssigned'
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer.name}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // Flex Consumption takes the worker runtime here, not as FUNCTIONS_WORKER_RUNTIME=custom (not a Flex app setting).
      runtime: {
        name: 'custom'
        version: customHandlerRuntimeVersion
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: concat(baseSettings, templateSettings)
    }
  }
}

// No publishing with basic (user name/password) credentials: deploy with Entra ID (az CLI) only.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

// ---------------------------------------------------------------------------
// Role assignments for the Function App identity (built-in role definition ids)
// ---------------------------------------------------------------------------
// Storage roles are on the account: the Functions host creates its own containers (azure-webjobs-hosts,
// azure-webjobs-secrets) and reads the deployment container, and the app creates its tables, queues and
// containers at start if missing. Data roles only: the identity can never list the account keys.

// Storage Blob Data Contributor: app blobs, host storage (timer locks, keys) and the deployment package.
resource storageBlobDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Storage Blob Delegator: Get User Delegation Key, for the time-limited links to released extracts.
resource storageBlobDelegator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a')
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Storage Queue Data Contributor: the app sends activity messages; the host's queue trigger reads,
// deletes and moves poison messages.
resource storageQueueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Storage Table Data Contributor: instances, history, outbox, timers, index.
resource storageTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Key Vault Secrets User: read secret values (Key Vault references), nothing else.
resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, functionApp.id, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Monitoring Metrics Publisher: Entra-authenticated telemetry ingestion into this Application Insights only.
resource monitoringMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, functionApp.id, '3913510d-42f4-4e42-8a64-420c390055eb')
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '3913510d-42f4-4e42-8a64-420c390055eb')
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------

output functionAppName string = functionApp.name
output functionAppDefaultHostName string = functionApp.properties.defaultHostName
output storageAccountName string = storage.name
output keyVaultName string = keyVault.name
output keyVaultUri string = keyVault.properties.vaultUri
output deploymentContainerName string = deploymentContainer.name
