using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Placement;

namespace FraudActors.Runtime.Tests.Cluster.Placement;

public sealed class RendezvousPlacementTests
{
    private const int GrainCount = 100_000;

    private static readonly SiloAddress[] Silos =
    [
        new("10.0.0.1", 11111, 638_000_000_000_000_001),
        new("10.0.0.2", 11111, 638_000_000_000_000_002),
        new("10.0.0.3", 11111, 638_000_000_000_000_003),
    ];

    private static readonly SiloAddress Fourth = new("10.0.0.4", 11111, 638_000_000_000_000_004);

    private static readonly GrainId[] Grains = [.. Enumerable.Range(0, GrainCount).Select(i => new GrainId("customer", $"c-{i}"))];

    [Fact]
    public void The_owner_does_not_depend_on_the_order_silos_are_listed_in()
    {
        var one = new RendezvousPlacement(Silos);
        var other = new RendezvousPlacement([Silos[2], Silos[0], Silos[1], Silos[0]]);

        Assert.Equal(one.Silos, other.Silos);
        Assert.All(Grains.Take(10_000), grain => Assert.Equal(one.OwnerOf(grain), other.OwnerOf(grain)));
    }

    [Fact]
    public void The_weights_are_pinned_because_silos_of_different_builds_must_agree_on_owners()
    {
        // Values computed independently (a Python transcription of StableHash and the weight) and written down: if
        // this fails, the placement function changed, and a rolling upgrade would have old and new silos disagree
        // on owners.
        Assert.Equal(0xB0E84C0F007E4F69UL, RendezvousPlacement.Weight(1, 2));
        Assert.Equal(0xE3028D38813CE811UL, RendezvousPlacement.HashOf(Grains[0]));
        var placement = new RendezvousPlacement(Silos);
        SiloAddress[] owners = [Silos[2], Silos[2], Silos[0], Silos[2], Silos[1], Silos[1]];
        Assert.Equal(owners, Grains.Take(6).Select(placement.OwnerOf));
    }

    [Fact]
    public void No_active_silo_means_no_owner()
    {
        Assert.Null(new RendezvousPlacement([]).OwnerOf(Grains[0]));
    }

    [Fact]
    public void A_single_silo_owns_everything()
    {
        var placement = new RendezvousPlacement([Silos[1]]);

        Assert.All(Grains.Take(1_000), grain => Assert.Equal(Silos[1], placement.OwnerOf(grain)));
    }

    [Fact]
    public void Three_silos_share_100k_grains_within_three_percent_of_a_third_each()
    {
        var placement = new RendezvousPlacement(Silos);

        var counts = Grains.GroupBy(placement.OwnerOf).ToDictionary(g => g.Key!, g => g.Count());

        Assert.Equal(3, counts.Count);

        // One binomial standard deviation is ~0.45 % of the share; 3 % is far outside chance, well inside "balanced".
        Assert.All(counts.Values, count => Assert.InRange(count, GrainCount / 3 * 0.97, GrainCount / 3 * 1.03));
    }

    [Fact]
    public void A_fourth_silo_takes_about_a_quarter_of_the_grains_and_only_it_gains_any()
    {
        var before = new RendezvousPlacement(Silos);
        var after = new RendezvousPlacement([.. Silos, Fourth]);

        var moved = Grains.Where(grain => before.OwnerOf(grain) != after.OwnerOf(grain)).ToArray();

        Assert.InRange(moved.Length, GrainCount * 0.23, GrainCount * 0.27);
        Assert.All(moved, grain => Assert.Equal(Fourth, after.OwnerOf(grain)));

        // And it takes evenly from each of the three.
        Assert.All(moved.GroupBy(before.OwnerOf), from => Assert.InRange(from.Count(), GrainCount / 12 * 0.9, GrainCount / 12 * 1.1));
    }

    [Fact]
    public void Removing_a_silo_moves_only_its_grains_and_spreads_them_over_the_rest()
    {
        var before = new RendezvousPlacement([.. Silos, Fourth]);
        var after = new RendezvousPlacement([Silos[0], Silos[2], Fourth]);

        var moved = Grains.Where(grain => before.OwnerOf(grain) != after.OwnerOf(grain)).ToArray();

        Assert.NotEmpty(moved);
        Assert.All(moved, grain => Assert.Equal(Silos[1], before.OwnerOf(grain)));
        Assert.Equal(Grains.Count(grain => before.OwnerOf(grain) == Silos[1]), moved.Length);
        Assert.All(moved.GroupBy(after.OwnerOf), to => Assert.InRange(to.Count(), moved.Length / 3 * 0.9, moved.Length / 3 * 1.1));
    }
}
