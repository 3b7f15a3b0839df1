using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Membership;

namespace FraudActors.Runtime.Tests.Cluster;

/// <summary>
/// The silo's real membership, except that a test may impose the view placement sees (say, one naming a silo that
/// cannot be reached), as a silo whose view lags the table's would.
/// </summary>
internal sealed class OverridableMembership(IClusterMembership inner) : IClusterMembership
{
    private volatile MembershipView? _override;

    public SiloAddress LocalSilo => inner.LocalSilo;

    public MembershipView Current => _override ?? inner.Current;

    public CancellationToken SteppedDown => inner.SteppedDown;

    /// <summary>Imposes <paramref name="view"/> until <see cref="Clear"/>.</summary>
    public void Impose(MembershipView view) => _override = view;

    /// <summary>Goes back to the real view.</summary>
    public void Clear() => _override = null;

    public IAsyncEnumerable<MembershipView> WatchAsync(CancellationToken cancellationToken) => inner.WatchAsync(cancellationToken);
}
