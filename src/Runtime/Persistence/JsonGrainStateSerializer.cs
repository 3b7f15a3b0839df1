using System.Text.Json;

namespace FraudActors.Runtime.Persistence;

/// <summary>
/// System.Text.Json state serialiser. Options are configurable so applications can add source-generated
/// type info for their state types.
/// </summary>
public sealed class JsonGrainStateSerializer(JsonSerializerOptions options) : IGrainStateSerializer
{
    /// <summary>Creates the serialiser with web defaults (camelCase, numbers as numbers).</summary>
    public JsonGrainStateSerializer() : this(new JsonSerializerOptions(JsonSerializerDefaults.Web))
    {
    }

    /// <inheritdoc />
    public byte[] Serialize<TState>(TState state) => JsonSerializer.SerializeToUtf8Bytes(state, options);

    /// <inheritdoc />
    public TState Deserialize<TState>(ReadOnlySpan<byte> payload) =>
        JsonSerializer.Deserialize<TState>(payload, options)
        ?? throw new JsonException($"Stored state of type {typeof(TState).Name} deserialised to null.");
}
