using Azure.Identity;
using Azure.Security.KeyVault.Secrets;

namespace Dars.Hosting.Secrets;

/// <summary>
/// When <c>Dars:KeyVault:Uri</c> is set, loads the secrets listed under <c>Dars:KeyVault:Secrets</c>
/// (secret name → setting) into configuration before anything reads them.
/// </summary>
public static class KeyVaultConfiguration
{
    public static void AddDarsKeyVault(this ConfigurationManager configuration, Func<Uri, SecretClient>? clientFor = null)
    {
        if (configuration["Dars:KeyVault:Uri"] is not { Length: > 0 } uri) return;
        var secrets = configuration.GetSection("Dars:KeyVault:Secrets").GetChildren()
            .Where(s => !string.IsNullOrEmpty(s.Value))
            .ToDictionary(s => s.Key, s => s.Value!);
        if (secrets.Count == 0) return;
        var client = (clientFor ?? (vault => new SecretClient(vault, new DefaultAzureCredential())))(new Uri(uri));
        configuration.AddInMemoryCollection(new KeyVaultSecretLoader(client).LoadAsync(secrets, CancellationToken.None).GetAwaiter().GetResult());
    }
}
