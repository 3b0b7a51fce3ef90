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
    public void The_host_retries_activities_as_often_as_the_worker_expects()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root(), "host.json")))!;
        Assert.Equal(new Dars.Runtime.RuntimeOptions().ActivityMaxAttempts, (int)host["extensions"]!["queues"]!["maxDequeueCount"]!);
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
