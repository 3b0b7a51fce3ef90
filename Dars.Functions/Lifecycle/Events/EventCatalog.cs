using System.Reflection;

namespace Dars.Lifecycle.Events;

/// <summary>Maps event names to their data types, from the <see cref="EventNameAttribute"/> on each record.</summary>
public static class EventCatalog
{
    private static readonly Dictionary<string, (Type Type, bool SystemOnly)> ByName;
    private static readonly HashSet<Type> DerivedTypes;
    private static readonly Dictionary<Type, string> ByType;

    static EventCatalog()
    {
        var types = typeof(EventData).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(EventData)) && !t.IsAbstract)
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<EventNameAttribute>()
                ?? throw new InvalidOperationException($"{t.Name} needs an [EventName].")))
            .ToList();
        ByName = types.ToDictionary(t => t.Attribute.Name, t => (t.Type, t.Attribute.SystemOnly), StringComparer.Ordinal);
        ByType = types.ToDictionary(t => t.Type, t => t.Attribute.Name);
        DerivedTypes = types.Where(t => t.Attribute.Derived).Select(t => t.Type).ToHashSet();
    }

    public static string NameOf(EventData data) => ByType[data.GetType()];

    public static string NameOf<T>() where T : EventData => ByType[typeof(T)];

    public static string NameOfType(Type type) => ByType[type];

    public static bool TryGetType(string name, out Type type)
    {
        var found = ByName.TryGetValue(name, out var entry);
        type = entry.Type!;
        return found;
    }

    public static bool IsSystemOnly(string name) => ByName.TryGetValue(name, out var entry) && entry.SystemOnly;

    public static IEnumerable<string> Names => ByName.Keys;

    public static IEnumerable<Type> Types => ByType.Keys;

    /// <summary>Event types a command can ask for (everything but the decider's derived events).</summary>
    public static IEnumerable<Type> CommandTypes => ByType.Keys.Where(t => !DerivedTypes.Contains(t));
}
