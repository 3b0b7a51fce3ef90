using System.Text;
using Azure.Data.Tables;

namespace Dars.Runtime.Storage;

/// <summary>
/// Stores a JSON document across as many string properties as it needs: a table property holds at most
/// 64 KiB, an entity 1 MiB, and a snapshot can outgrow the first.
/// </summary>
public static class EntityJson
{
    private const int ChunkChars = 30_000;
    private const string Prefix = "Json";

    public static void Write(TableEntity entity, string json)
    {
        var chunks = 0;
        for (var start = 0; start < json.Length; start += ChunkChars, chunks++)
            entity[$"{Prefix}{chunks}"] = json.Substring(start, Math.Min(ChunkChars, json.Length - start));
        entity[$"{Prefix}Chunks"] = chunks;
    }

    public static string Read(TableEntity entity)
    {
        var chunks = entity.GetInt32($"{Prefix}Chunks") ?? 0;
        var builder = new StringBuilder();
        for (var i = 0; i < chunks; i++) builder.Append(entity.GetString($"{Prefix}{i}"));
        return builder.ToString();
    }
}
