using FraudActors.Ml.Simulation;

namespace FraudActors.Ml.Tests.Simulation;

public sealed class TerminalGridTests
{
    [Fact]
    public void A_terminal_at_exactly_the_radius_is_excluded_and_one_just_inside_is_included()
    {
        // Offsets (3, 4) are at distance exactly 5 (the 3-4-5 triangle is exact in floating point).
        double[] xs = [13, 10, 7, 10 + 2.999, 10];
        double[] ys = [14, 15, 6, 10 + 4, 10];
        var grid = new TerminalGrid(xs, ys, radius: 5);

        int[] found = grid.TerminalsWithin(10, 10);

        Assert.Equal([3, 4], found);
    }

    [Fact]
    public void Neighbourhoods_match_a_brute_force_check_of_every_terminal()
    {
        var random = new Random(11);
        double[] xs = Enumerable.Range(0, 3_000).Select(_ => random.NextDouble() * 100).ToArray();
        double[] ys = Enumerable.Range(0, 3_000).Select(_ => random.NextDouble() * 100).ToArray();

        foreach (double radius in new[] { 5.0, 0.7, 13.3, 250.0, 0.01 })
        {
            var grid = new TerminalGrid(xs, ys, radius);
            for (int customer = 0; customer < 300; customer++)
            {
                // Include the corners and edges of the world, where cells are clipped.
                double x = customer < 4 ? (customer % 2) * 100 : random.NextDouble() * 100;
                double y = customer < 4 ? (customer / 2) * 100 : random.NextDouble() * 100;
                int[] expected = Enumerable.Range(0, xs.Length)
                    .Where(t => Math.Sqrt(((x - xs[t]) * (x - xs[t])) + ((y - ys[t]) * (y - ys[t]))) < radius)
                    .ToArray();

                Assert.Equal(expected, grid.TerminalsWithin(x, y));
            }
        }
    }

    [Fact]
    public void Coordinates_outside_the_world_are_refused()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new TerminalGrid([5, 100.5], [5, 5], 5));

        Assert.Contains("terminal 1", exception.Message, StringComparison.Ordinal);
    }
}
