using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Dars.Hosting.CustomHandler;
using Dars.Runtime.Storage;

namespace Dars.Tests.Hosting;

/// <summary>The Functions package from <c>./dars.sh publish</c>: every function has a handler and every handler a function.</summary>
public sealed class PublishTests
{
    [Fact]
    public async Task The_package_holds_the_executable_host_json_and_exactly_the_functions_the_app_serves()
    {
        var root = Repository.Root();
        var output = Directory.CreateTempSubdirectory("dars-publish-").FullName;
        var publish = Process.Start(new ProcessStartInfo("bash", ["dars.sh", "publish", output])
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var stderr = publish.StandardError.ReadToEndAsync();
        await publish.StandardOutput.ReadToEndAsync();
        await publish.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);
        Assert.True(publish.ExitCode == 0, await stderr);

        using var zip = ZipFile.OpenRead(Path.Combine(output, "dars-functions.zip"));
        var entries = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToHashSet();
        var host = JsonNode.Parse(await new StreamReader(zip.GetEntry("host.json")!.Open()).ReadToEndAsync())!;
        var executable = (string)host["customHandler"]!["description"]!["defaultExecutablePath"]!;
        Assert.Contains(executable, entries);
        Assert.True((bool)host["customHandler"]!["enableForwardingHttpRequest"]!);
        if (!OperatingSystem.IsWindows()) Assert.True(File.GetUnixFileMode(Path.Combine(output, "app", executable)).HasFlag(UnixFileMode.UserExecute));

        var functions = entries.Where(e => e.EndsWith("/function.json")).Select(e => e[..e.IndexOf('/')]).Order().ToArray();
        Assert.Equal(FunctionNames.All.Order(), functions);

        var queue = JsonNode.Parse(await new StreamReader(zip.GetEntry("Activities/function.json")!.Open()).ReadToEndAsync())!["bindings"]![0]!;
        Assert.Equal("queueTrigger", (string?)queue["type"]);
        Assert.Equal(new StorageOptions().ActivityQueue, (string?)queue["queueName"]);
        Assert.Equal("message", (string?)queue["name"]);
        var api = JsonNode.Parse(await new StreamReader(zip.GetEntry("Api/function.json")!.Open()).ReadToEndAsync())!["bindings"]![0]!;
        Assert.Equal("api/{*route}", (string?)api["route"]);
        Directory.Delete(output, recursive: true);
    }

    [Fact]
    public void The_host_retries_an_activity_past_a_dead_runs_claim_and_past_the_workers_last_attempt()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root(), "host.json")))!;
        var queues = host["extensions"]!["queues"]!;
        var maxDequeueCount = (int)queues["maxDequeueCount"]!;
        var visibility = TimeSpan.Parse((string)queues["visibilityTimeout"]!, System.Globalization.CultureInfo.InvariantCulture);
        var options = new Dars.Runtime.RuntimeOptions();

        // A run that dies holds its claim for the lease: the redeliveries must outlast it and still leave the worker
        // deliveries to reach its last attempt and record the failure, or the host poisons the message unrecorded.
        Assert.True(visibility * (maxDequeueCount - 1) > options.ActivityLease, $"{maxDequeueCount} deliveries {visibility} apart end within the {options.ActivityLease} lease");
        Assert.True(maxDequeueCount > options.ActivityMaxAttempts, $"maxDequeueCount {maxDequeueCount} is not above the worker's {options.ActivityMaxAttempts} attempts");
    }
}

internal static class Repository
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Dars.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("No Dars.sln above the test binaries.");
    }
}
