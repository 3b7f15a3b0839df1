using FraudActors.Runtime.Cluster.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FraudActors.Runtime.Tests.Cluster.Membership;

public sealed class MembershipServiceCollectionExtensionsTests
{
    [Fact]
    public void Adding_membership_twice_registers_one_hosted_service()
    {
        var services = new ServiceCollection();

        services.AddClusterMembership().AddClusterMembership();

        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        Assert.Single(services, d => d.ServiceType == typeof(IClusterMembership));
    }

    [Fact]
    public void A_registered_membership_table_is_used_rather_than_postgres()
    {
        var services = new ServiceCollection();
        var table = new PausableMembershipTable(null!);
        services.AddSingleton<IMembershipTable>(table);

        services.AddClusterMembership();

        Assert.Same(table, services.BuildServiceProvider().GetRequiredService<IMembershipTable>());
    }
}
