namespace FraudActors.Runtime.Cluster.Membership;

/// <summary>A silo's standing in the membership table.</summary>
public enum MembershipStatus
{
    /// <summary>Starting: registered, not yet given grains.</summary>
    Joining = 1,

    /// <summary>Serving: owns its share of grains.</summary>
    Active = 2,

    /// <summary>Leaving gracefully: hands its grains over.</summary>
    ShuttingDown = 3,

    /// <summary>Gone, by its own leave or declared by its peers; never comes back (a restart is a new silo).</summary>
    Dead = 4,
}
