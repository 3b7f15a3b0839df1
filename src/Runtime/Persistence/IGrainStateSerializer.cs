namespace FraudActors.Runtime.Persistence;

/// <summary>Turns grain state into bytes and back. The default uses System.Text.Json.</summary>
public interface IGrainStateSerializer
{
    /// <summary>Serialises a state.</summary>
    byte[] Serialize<TState>(TState state);

    /// <summary>Deserialises a state written by <see cref="Serialize{TState}"/>.</summary>
    TState Deserialize<TState>(ReadOnlySpan<byte> payload);
}
