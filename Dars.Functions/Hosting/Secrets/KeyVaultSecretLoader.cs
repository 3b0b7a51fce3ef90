using Azure;
using Azure.Security.KeyVault.Secrets;

namespace Dars.Hosting.Secrets;

/// <summary>
/// Reads the app's secrets from Key Vault at start-up into configuration settings (in Azure the client
/// uses the Function App's managed identity). A secret that is missing, or that the identity may not
/// read, stops the start with an error that says which and what to do.
/// </summary>
public sealed class KeyVaultSecretLoader(SecretClient client)
{
    /// <param name="settingsBySecret">Secret name → configuration key it fills, e.g. <c>GovukNotifyApiKey</c> → <c>Dars:Notifications:GovukNotifyApiKey</c>.</param>
    public async Task<IReadOnlyDictionary<string, string?>> LoadAsync(IReadOnlyDictionary<string, string> settingsBySecret, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (secret, setting) in settingsBySecret)
        {
            try
            {
                var value = (await client.GetSecretAsync(secret, cancellationToken: cancellationToken)).Value.Value;
                if (string.IsNullOrEmpty(value)) throw new SecretUnavailableException(client.VaultUri, secret, "it is empty; set its value");
                settings[setting] = value;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                throw new SecretUnavailableException(client.VaultUri, secret, "it does not exist; create it", e);
            }
            catch (RequestFailedException e) when (e.Status is 401 or 403)
            {
                throw new SecretUnavailableException(client.VaultUri, secret,
                    "the app's identity may not read it; grant it the 'Key Vault Secrets User' role on the vault", e);
            }
        }
        return settings;
    }
}

/// <summary>A secret DARS needs could not be read: the app does not start without it.</summary>
public sealed class SecretUnavailableException(Uri vault, string secret, string reason, Exception? inner = null)
    : Exception($"Key Vault {vault} secret '{secret}' is unavailable: {reason}.", inner);
