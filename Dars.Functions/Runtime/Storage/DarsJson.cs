using System.Text.Json;
using System.Text.Json.Serialization;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;

namespace Dars.Runtime.Storage;

/// <summary>The one JSON shape DARS stores and serves: camelCase, enums by name, ISO dates.</summary>
public static class DarsJson
{
    public static readonly JsonSerializerOptions Options = Create();

    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Stored {typeof(T).Name} was null.");

    public static string SerializeEvent(EventData data) => JsonSerializer.Serialize(data, data.GetType(), Options);

    public static EventData DeserializeEvent(string type, string json) =>
        EventCatalog.TryGetType(type, out var clrType)
            ? (EventData)(JsonSerializer.Deserialize(json, clrType, Options) ?? throw new JsonException($"Stored {type} was null."))
            : throw new JsonException($"Unknown stored event type '{type}'.");

    public static JsonElement ToElement(EventData data) => JsonSerializer.SerializeToElement(data, data.GetType(), Options);
}
