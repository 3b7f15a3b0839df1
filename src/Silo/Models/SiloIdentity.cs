namespace FraudActors.Silo.Models;

/// <summary>How this silo names itself to the registry.</summary>
/// <param name="Name">Unique among the cluster's live silos.</param>
public sealed record SiloIdentity(string Name)
{
    /// <summary>The name of an embedded node: the machine and the process.</summary>
    public static SiloIdentity Embedded() => new($"{Environment.MachineName}/{Environment.ProcessId}");
}
