using Azure;
using Azure.Security.KeyVault.Secrets;
using Dars.Hosting.Secrets;
using Microsoft.Extensions.Configuration;
using Moq;

namespace Dars.Tests.Hosting;

/// <summary>Key Vault is external, so its client is mocked: loading, and a clear start-up error when a secret cannot be had.</summary>
public sealed class KeyVaultSecretLoaderTests
{
    private static readonly Uri Vault = new("https://dars-kv.vault.azure.net/");
    private static readonly Dictionary<string, string> Wanted = new() { ["GovukNotifyApiKey"] = "Dars:Notifications:GovukNotifyApiKey" };

    private static Mock<SecretClient> Client()
    {
        var client = new Mock<SecretClient>();
        client.SetupGet(c => c.VaultUri).Returns(Vault);
        return client;
    }

    [Fact]
    public async Task Each_secret_fills_the_setting_it_is_mapped_to()
    {
        var client = Client();
        client.Setup(c => c.GetSecretAsync("GovukNotifyApiKey", null, default, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Response.FromValue(SecretModelFactory.KeyVaultSecret(new SecretProperties("GovukNotifyApiKey"), "live-key-123"), Mock.Of<Response>()));

        var settings = await new KeyVaultSecretLoader(client.Object).LoadAsync(Wanted, default);

        Assert.Equal("live-key-123", settings["Dars:Notifications:GovukNotifyApiKey"]);
    }

    [Theory]
    [InlineData(404, "does not exist")]
    [InlineData(403, "Key Vault Secrets User")]
    public async Task A_missing_or_denied_secret_stops_the_start_with_what_to_do(int status, string advice)
    {
        var client = Client();
        client.Setup(c => c.GetSecretAsync("GovukNotifyApiKey", null, default, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(status, "denied or missing"));

        var error = await Assert.ThrowsAsync<SecretUnavailableException>(() => new KeyVaultSecretLoader(client.Object).LoadAsync(Wanted, default));

        Assert.Contains("GovukNotifyApiKey", error.Message);
        Assert.Contains(Vault.ToString(), error.Message);
        Assert.Contains(advice, error.Message);
    }

    [Fact]
    public void Configuration_with_a_vault_loads_the_listed_secrets_before_start_and_fails_start_when_one_is_denied()
    {
        var client = Client();
        client.Setup(c => c.GetSecretAsync("GovukNotifyApiKey", null, default, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Response.FromValue(SecretModelFactory.KeyVaultSecret(new SecretProperties("GovukNotifyApiKey"), "live-key-123"), Mock.Of<Response>()));
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dars:KeyVault:Uri"] = Vault.ToString(),
            ["Dars:KeyVault:Secrets:GovukNotifyApiKey"] = "Dars:Notifications:GovukNotifyApiKey",
        });

        configuration.AddDarsKeyVault(_ => client.Object);
        Assert.Equal("live-key-123", configuration["Dars:Notifications:GovukNotifyApiKey"]);

        client.Setup(c => c.GetSecretAsync("GovukNotifyApiKey", null, default, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(403, "Forbidden"));
        Assert.Throws<SecretUnavailableException>(() => configuration.AddDarsKeyVault(_ => client.Object));
    }

    [Fact]
    public void Without_a_vault_nothing_is_read()
    {
        var client = new Mock<SecretClient>(MockBehavior.Strict);
        var configuration = new ConfigurationManager();

        configuration.AddDarsKeyVault(_ => client.Object);

        Assert.Null(configuration["Dars:Notifications:GovukNotifyApiKey"]);
    }
}
