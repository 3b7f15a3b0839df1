namespace FraudActors.Runtime.Tests;

public sealed class GrainIdTests
{
    [Fact]
    public void Text_form_round_trips_even_with_slashes_in_the_key()
    {
        var id = new GrainId("customer", "c/42");
        Assert.Equal("customer/c/42", id.ToString());
        Assert.Equal(id, GrainId.Parse(id.ToString()));
        Assert.Throws<FormatException>(() => GrainId.Parse("no-separator"));
    }

    [Fact]
    public void Stable_hash_depends_on_type_and_key_and_spreads_evenly()
    {
        Assert.NotEqual(new GrainId("customer", "1").StableHash, new GrainId("terminal", "1").StableHash);
        Assert.Equal(new GrainId("customer", "1").StableHash, new GrainId("customer", "1").StableHash);

        // 30,000 sequential keys over 3 buckets: each within 3% of a third (binomial sd is ~0.5%).
        var buckets = new int[3];
        for (var i = 0; i < 30_000; i++)
        {
            buckets[new GrainId("customer", i.ToString(System.Globalization.CultureInfo.InvariantCulture)).StableHash % 3]++;
        }

        Assert.All(buckets, count => Assert.InRange(count, 9_700, 10_300));
    }
}
