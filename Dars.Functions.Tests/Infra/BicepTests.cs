using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dars.Lifecycle;
using Dars.Runtime.Storage;

namespace Dars.Tests.Infra;

/// <summary>
/// The Bicep in <c>infra/</c>: it builds and lints with no warning (with the Bicep CLI from the
/// Azure.Bicep.CommandLine.linux-x64 package), each environment's parameters build, and the compiled ARM
/// template holds the security properties the deployment relies on: no shared keys, managed identity,
/// least-privilege roles, RBAC Key Vault, and the storage names the app uses.
/// </summary>
public sealed class BicepTests(BicepTemplate template) : IClassFixture<BicepTemplate>
{
    // Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageBlobDelegator = "db58b8e5-c6ad-4a2a-8342-4190687cbf4a";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    [Fact]
    public void Main_bicep_builds_without_warnings()
    {
        Assert.True(template.Build.ExitCode == 0, template.Build.Output);
        Assert.True(Bicep.IsClean(template.Build.Stderr), template.Build.Stderr);
        Assert.Equal("https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", (string?)template.Json["$schema"]);
    }

    [Fact]
    public async Task Main_bicep_lints_clean()
    {
        var lint = await Bicep.RunAsync("lint", Path.Combine(Bicep.InfraDirectory, "main.bicep"));
        Assert.True(lint.ExitCode == 0, lint.Output);
        Assert.True(Bicep.IsClean(lint.Output), lint.Output);
    }

    [Theory]
    [InlineData("main.dev.bicepparam", "dev")]
    [InlineData("main.prod.bicepparam", "prod")]
    public async Task Each_environment_parameter_file_builds_and_lints_clean_and_holds_no_secret(string file, string environment)
    {
        var path = Path.Combine(Bicep.InfraDirectory, file);
        var build = await Bicep.RunAsync("build-params", path, "--stdout");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.True(Bicep.IsClean(build.Stderr), build.Stderr);
        var lint = await Bicep.RunAsync("lint", path);
        Assert.True(lint.ExitCode == 0 && Bicep.IsClean(lint.Output), lint.Output);

        var parameters = JsonNode.Parse((string)JsonNode.Parse(build.Stdout)!["parametersJson"]!)!["parameters"]!.AsObject();
        Assert.Equal(environment, (string?)parameters["environmentName"]!["value"]);
        Assert.Equal(Bicep.TestClientId, (string?)parameters["entraClientId"]!["value"]);
        var text = parameters.ToJsonString();
        foreach (var secretish in new[] { "AccountKey", "SharedAccessSignature", "sig=", "ApiKey", "password", "secret" })
            Assert.DoesNotContain(secretish, text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_storage_account_takes_entra_id_only_over_tls_1_2_with_nothing_public()
    {
        var storage = Assert.Single(template.Resources("Microsoft.Storage/storageAccounts"));
        Assert.Equal("StorageV2", (string?)storage["kind"]);
        var properties = storage["properties"]!;
        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
        Assert.True((bool)properties["defaultToOAuthAuthentication"]!);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
    }

    [Fact]
    public void The_template_creates_the_containers_tables_and_queues_the_app_uses()
    {
        var app = new StorageOptions();

        var containers = template.LoopedNames("Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Equal(app.Containers.Order(), containers.Where(c => c.StartsWith("dars-")).Order());
        Assert.Contains(Bicep.Output(template, "deploymentContainerName"), containers);
        Assert.All(template.Resources("Microsoft.Storage/storageAccounts/blobServices/containers"),
            c => Assert.Equal("None", (string?)c["properties"]!["publicAccess"]));

        Assert.Equal(new[] { app.InstancesTable, app.ReferencesTable, app.TimersTable, app.IndexTable }.Order(),
            template.LoopedNames("Microsoft.Storage/storageAccounts/tableServices/tables").Order());
        Assert.Equal(new[] { app.ActivityQueue, app.ActivityPoisonQueue }.Order(),
            template.LoopedNames("Microsoft.Storage/storageAccounts/queueServices/queues").Order());
    }

    [Fact]
    public void The_function_app_is_a_linux_flex_consumption_custom_handler_with_a_system_assigned_identity()
    {
        var plan = Assert.Single(template.Resources("Microsoft.Web/serverfarms"));
        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.True((bool)plan["properties"]!["reserved"]!);

        var site = template.Site;
        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.Equal("SystemAssigned", (string?)site["identity"]!["type"]);
        var properties = site["properties"]!;
        Assert.True((bool)properties["httpsOnly"]!);
        Assert.Contains("Microsoft.Web/serverfarms", (string?)properties["serverFarmId"]);
        var config = properties["functionAppConfig"]!;
        Assert.Equal("custom", (string?)config["runtime"]!["name"]);
        Assert.Equal("SystemAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);
        Assert.Equal("1.2", (string?)properties["siteConfig"]!["minTlsVersion"]);
        Assert.Equal("Disabled", (string?)properties["siteConfig"]!["ftpsState"]);

        var basicAuth = template.Resources("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToArray();
        Assert.Equal(2, basicAuth.Length);
        Assert.All(basicAuth, p => Assert.False((bool)p["properties"]!["allow"]!));
    }

    [Theory]
    [InlineData(StorageBlobDataContributor, "Microsoft.Storage/storageAccounts")]
    [InlineData(StorageBlobDelegator, "Microsoft.Storage/storageAccounts")]
    [InlineData(StorageQueueDataContributor, "Microsoft.Storage/storageAccounts")]
    [InlineData(StorageTableDataContributor, "Microsoft.Storage/storageAccounts")]
    [InlineData(KeyVaultSecretsUser, "Microsoft.KeyVault/vaults")]
    [InlineData(MonitoringMetricsPublisher, "Microsoft.Insights/components")]
    public void The_app_identity_gets_each_role_on_its_resource_only(string roleDefinitionId, string scopeType)
    {
        var assignment = Assert.Single(template.Resources("Microsoft.Authorization/roleAssignments"),
            r => ((string?)r["properties"]!["roleDefinitionId"])!.Contains(roleDefinitionId, StringComparison.OrdinalIgnoreCase));
        var properties = assignment["properties"]!;
        Assert.Matches(@"^\[subscriptionResourceId\('Microsoft.Authorization/roleDefinitions', '" + roleDefinitionId + @"'\)\]$", (string?)properties["roleDefinitionId"]);
        Assert.Equal("Microsoft.Web/sites", template.ReferencedType((string)properties["principalId"]!, ".identity.principalId"));
        Assert.Equal("ServicePrincipal", (string?)properties["principalType"]);
        Assert.Matches(@"^\[resourceId\('" + Regex.Escape(scopeType) + "', ", (string?)assignment["scope"]);
        Assert.StartsWith("[guid(", (string?)assignment["name"]);
    }

    [Fact]
    public void No_other_role_is_granted()
    {
        var granted = template.Resources("Microsoft.Authorization/roleAssignments")
            .Select(r => Regex.Match((string)r["properties"]!["roleDefinitionId"]!, "[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}").Value)
            .Order();
        Assert.Equal(new[] { StorageBlobDataContributor, StorageBlobDelegator, StorageQueueDataContributor, StorageTableDataContributor,
            KeyVaultSecretsUser, MonitoringMetricsPublisher }.Order(), granted);
    }

    [Fact]
    public void App_settings_use_identity_based_connections_and_a_key_vault_reference_never_a_key()
    {
        var settings = template.AppSettingNames();
        foreach (var name in new[]
                 {
                     "AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri",
                     "APPLICATIONINSIGHTS_CONNECTION_STRING", "ASPNETCORE_ENVIRONMENT", "Dars__Notifications__GovukNotifyApiKey",
                     "Authentication__Schemes__Bearer__Authority", "Authentication__Schemes__Bearer__ValidAudiences__0",
                 })
            Assert.Contains(name, settings);
        Assert.DoesNotContain("AzureWebJobsStorage", settings); // a connection string would go here
        Assert.DoesNotContain(settings, s => s.StartsWith("WEBSITE_CONTENTAZUREFILE", StringComparison.Ordinal));
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings); // Flex takes it from functionAppConfig.runtime
        Assert.All(settings, s => Assert.Matches("^[A-Za-z0-9_.]+$", s)); // the only characters App Service allows

        var appSettings = BicepTemplate.Text(template.Site["properties"]!["siteConfig"]!["appSettings"]!);
        var reference = Regex.Match(appSettings,
            @"createObject\('name', 'Dars__Notifications__GovukNotifyApiKey', 'value', format\('@Microsoft\.KeyVault\(VaultName=\{0\};SecretName=\{1\}\)', variables\('keyVaultName'\), variables\('(\w+)'\)\)\)");
        Assert.True(reference.Success, appSettings);
        Assert.Equal("GovukNotifyApiKey", (string?)template.Json["variables"]![reference.Groups[1].Value]);
        Assert.Contains("'ASPNETCORE_ENVIRONMENT', 'value', 'Production'", appSettings);

        // Nowhere in the whole template: no connection string, account key, SAS or key listing.
        var all = template.Build.Stdout;
        foreach (var forbidden in new[] { "AccountKey=", "DefaultEndpointsProtocol", "SharedAccessSignature", "listKeys(", "listAccountSas(" })
            Assert.DoesNotContain(forbidden, all, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_key_vault_uses_rbac_soft_delete_and_purge_protection_and_the_template_sets_no_secret()
    {
        var vault = Assert.Single(template.Resources("Microsoft.KeyVault/vaults"))["properties"]!;
        Assert.True((bool)vault["enableRbacAuthorization"]!);
        Assert.True((bool)vault["enableSoftDelete"]!);
        Assert.True((bool)vault["enablePurgeProtection"]!);
        Assert.Null(vault["accessPolicies"]);
        Assert.Empty(template.Resources("Microsoft.KeyVault/vaults/secrets"));
    }

    [Fact]
    public void Application_insights_is_workspace_based()
    {
        Assert.Single(template.Resources("Microsoft.OperationalInsights/workspaces"));
        var insights = Assert.Single(template.Resources("Microsoft.Insights/components"));
        Assert.Contains("Microsoft.OperationalInsights/workspaces", (string?)insights["properties"]!["WorkspaceResourceId"]);
    }

    [Fact]
    public void Outputs_name_the_app_its_host_the_storage_account_and_the_vault()
    {
        var outputs = template.Json["outputs"]!.AsObject().Select(o => o.Key).ToArray();
        Assert.Subset(outputs.ToHashSet(), new HashSet<string> { "functionAppName", "functionAppDefaultHostName", "storageAccountName", "keyVaultName" });
        Assert.DoesNotContain(outputs, o => o.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase)
            || (o.Contains("key", StringComparison.OrdinalIgnoreCase) && !o.StartsWith("keyVault", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_readme_names_every_app_role_and_the_secret()
    {
        var readme = File.ReadAllText(Path.Combine(Bicep.InfraDirectory, "README.md"));
        foreach (var role in Enum.GetValues<Role>().Where(r => r != Role.System))
            Assert.Contains($"`{role}`", readme);
        Assert.Contains("`GovukNotifyApiKey`", readme);
        Assert.Contains("`org`", readme);
    }
}

/// <summary>main.bicep compiled once for the whole class.</summary>
public sealed class BicepTemplate : IAsyncLifetime
{
    public Bicep.Result Build { get; private set; } = null!;
    public JsonObject Json { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Build = await Bicep.RunAsync("build", Path.Combine(Bicep.InfraDirectory, "main.bicep"), "--stdout");
        Json = Build.ExitCode == 0 ? JsonNode.Parse(Build.Stdout)!.AsObject() : new JsonObject();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Resources of one type; handles both the array and the symbolic-name (object) layouts.</summary>
    public IEnumerable<JsonNode> Resources(string type)
    {
        Assert.True(Build.ExitCode == 0, Build.Output);
        var resources = Json["resources"] switch
        {
            JsonArray array => array.Select(r => r!),
            JsonObject symbolic => symbolic.Select(r => r.Value!),
            _ => [],
        };
        return resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));
    }

    public JsonNode Site => Assert.Single(Resources("Microsoft.Web/sites"));

    /// <summary>
    /// The type of the resource an expression <c>[reference(…, 'full')&lt;path&gt;]</c> reads, whether it names it by
    /// <c>resourceId('type', …)</c> or (language version 2.0) by symbolic name.
    /// </summary>
    public string? ReferencedType(string expression, string path)
    {
        var match = Regex.Match(expression, @"^\[reference\((?:resourceId\('(?<type>[^']+)', (?:[^()]|\([^()]*\))+\)|'(?<symbol>\w+)'), '[0-9a-z-]+', 'full'\)" + Regex.Escape(path) + @"\]$");
        Assert.True(match.Success, expression);
        return match.Groups["type"].Success ? match.Groups["type"].Value : (string?)Json["resources"]![match.Groups["symbol"].Value]!["type"];
    }

    /// <summary>A node as text with nothing escaped (ARM expressions are full of quotes).</summary>
    public static string Text(JsonNode node) => node is JsonValue value && value.TryGetValue<string>(out var text)
        ? text
        : node.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>
    /// Last name segment of every resource of a type: a literal, or each item of the variable array a
    /// <c>copy</c> loop runs over (<c>variables('x')[copyIndex()]</c>).
    /// </summary>
    public IReadOnlyList<string> LoopedNames(string type)
    {
        var names = new List<string>();
        foreach (var resource in Resources(type))
        {
            var name = (string)resource["name"]!;
            var loop = Regex.Match(name, @"variables\('(\w+)'\)\[copyIndex\(\)\]");
            var literal = Regex.Match(name, @"'([^']+)'\)\]$");
            if (loop.Success) names.AddRange(Json["variables"]![loop.Groups[1].Value]!.AsArray().Select(n => (string)n!));
            else if (Regex.Match(name, @"variables\('(\w+)'\)\)\]$") is { Success: true } variable) names.Add((string)Json["variables"]![variable.Groups[1].Value]!);
            else if (literal.Success) names.Add(literal.Groups[1].Value);
            else names.Add(name.Split('/')[^1]);
        }
        return names;
    }

    /// <summary>Names of the site's app settings, whether a literal array or a <c>concat(createArray(createObject('name', …</c> expression.</summary>
    public IReadOnlyList<string> AppSettingNames()
    {
        var settings = Site["properties"]!["siteConfig"]!["appSettings"]!;
        if (settings is JsonArray array) return array.Select(s => (string)s!["name"]!).ToArray();
        var expression = (string)settings!;
        return Regex.Matches(expression, @"createObject\('name', '([^']+)'").Select(m => m.Groups[1].Value).ToArray();
    }
}

/// <summary>Runs the Bicep CLI from the NuGet package, with a two-minute limit.</summary>
public static class Bicep
{
    public const string TestClientId = "11111111-2222-3333-4444-555555555555";
    private const string PackageId = "azure.bicep.commandline.linux-x64";
    private const string PackageVersion = "0.49.2";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => $"exit {ExitCode}\n{Stdout}\n{Stderr}";
    }

    public static string InfraDirectory { get; } = Path.Combine(RepositoryRoot(), "infra");

    public static string Output(BicepTemplate template, string name) =>
        (string)template.Json["outputs"]![name]!["value"]! is var value && Regex.Match(value, @"variables\('(\w+)'\)") is { Success: true } m
            ? (string)template.Json["variables"]![m.Groups[1].Value]!
            : value;

    /// <summary>No diagnostic at all: Bicep prints warnings and errors as <c>file(line,col) : Warning|Error CODE: …</c>.</summary>
    public static bool IsClean(string output) =>
        !Regex.IsMatch(output, @"\b(Warning|Error)\b", RegexOptions.IgnoreCase);

    public static async Task<Result> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Executable(), args)
        {
            WorkingDirectory = InfraDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DARS_ENTRA_CLIENT_ID"] = TestClientId; // read by the .bicepparam files
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', args)} did not finish within {Timeout}.");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// The <c>bicep</c> executable: <c>BICEP_PATH</c> if set; else the package folder restore recorded
    /// (assembly metadata <c>BicepPackageRoot</c>); else the NuGet packages folder (<c>NUGET_PACKAGES</c>
    /// or <c>~/.nuget/packages</c>). Made executable if the package extraction lost the bit.
    /// </summary>
    public static string Executable()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("BICEP_PATH") is { Length: > 0 } explicitPath) candidates.Add(explicitPath);
        var recorded = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepPackageRoot")?.Value;
        if (!string.IsNullOrEmpty(recorded)) candidates.Add(Path.Combine(recorded, "tools", "bicep"));
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        candidates.Add(Path.Combine(packages, PackageId, PackageVersion, "tools", "bicep"));

        var found = candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"The Bicep CLI was not found (looked in: {string.Join(", ", candidates)}). Restore the test project "
                + $"(it references {PackageId} {PackageVersion}) or set BICEP_PATH.");
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(found);
            if (!mode.HasFlag(UnixFileMode.UserExecute))
            {
                try
                {
                    File.SetUnixFileMode(found, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
                }
                catch (Exception e) when (e is UnauthorizedAccessException or IOException or Win32Exception)
                {
                    throw new InvalidOperationException($"{found} is not executable and could not be made so; chmod +x it or set BICEP_PATH.", e);
                }
            }
        }
        return found;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Dars.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No Dars.sln above {AppContext.BaseDirectory}.");
    }
}
