using System.Collections.Immutable;
using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Silo.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FraudActors.Silo.Tests.Hosting;

public sealed class ActiveMembershipReadinessCheckTests
{
    private static readonly SiloAddress Local = SiloAddress.Parse("127.0.0.1:11111@1");
    private static readonly SiloAddress Peer = SiloAddress.Parse("127.0.0.1:11112@2");

    [Theory]
    [InlineData(MembershipStatus.Joining)]
    [InlineData(MembershipStatus.ShuttingDown)]
    [InlineData(MembershipStatus.Dead)]
    public async Task A_silo_that_is_not_active_in_its_own_view_is_not_ready(MembershipStatus status)
    {
        var view = new MembershipView(7, ImmutableDictionary<SiloAddress, MembershipStatus>.Empty
            .Add(Local, status)
            .Add(Peer, MembershipStatus.Active));

        var result = await Check(view);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    [Fact]
    public async Task A_silo_missing_from_its_view_is_not_ready()
    {
        var view = new MembershipView(3, ImmutableDictionary<SiloAddress, MembershipStatus>.Empty.Add(Peer, MembershipStatus.Active));

        Assert.Equal(HealthStatus.Unhealthy, (await Check(view)).Status);
    }

    [Fact]
    public async Task An_active_silo_is_ready()
    {
        var view = new MembershipView(8, ImmutableDictionary<SiloAddress, MembershipStatus>.Empty
            .Add(Local, MembershipStatus.Active)
            .Add(Peer, MembershipStatus.Joining));

        Assert.Equal(HealthStatus.Healthy, (await Check(view)).Status);
    }

    private static Task<HealthCheckResult> Check(MembershipView view) =>
        new ActiveMembershipReadinessCheck(new FixedMembership(view)).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

    private sealed class FixedMembership(MembershipView view) : IClusterMembership
    {
        public SiloAddress LocalSilo => Local;

        public MembershipView Current => view;

        public CancellationToken SteppedDown => CancellationToken.None;

        public async IAsyncEnumerable<MembershipView> WatchAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            yield return view;
        }
    }
}
