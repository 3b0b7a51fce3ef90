using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dars.Hosting.CustomHandler;

/// <summary>What the Functions host posts to a custom handler: the trigger's data and its metadata.</summary>
public sealed record InvocationRequest(
    [property: JsonPropertyName("Data")] Dictionary<string, JsonElement>? Data,
    [property: JsonPropertyName("Metadata")] Dictionary<string, JsonElement>? Metadata);

/// <summary>What a custom handler answers: output bindings, log lines for the host, and a return value.</summary>
public sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] Dictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] List<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue)
{
    public static InvocationResponse Done(params string[] logs) => new([], [.. logs], null);
}
