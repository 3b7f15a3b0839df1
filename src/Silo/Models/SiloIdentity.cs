namespace FraudActors.Silo.Models;

/// <summary>How this silo names itself in its serving reports.</summary>
/// <param name="Name">Unique among the cluster's live silos: in a cluster its address with generation (<c>host:port@generation</c>).</param>
public sealed record SiloIdentity(string Name)
{
    /// <summary>The name of an embedded node: the machine and the process.</summary>
    public static SiloIdentity Embedded() => new($"{Environment.MachineName}/{Environment.ProcessId}");
}
