using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace FraudActors.Ml.Simulation;

/// <summary>
/// The handbook's transaction simulator (reference §1): customers and terminals on a 100 × 100 square, each
/// customer paying at the terminals within its radius, then the three fraud scenarios.
/// </summary>
/// <remarks>
/// Deterministic per <see cref="SimulationOptions"/>: every customer and every fraud day draws from its own stream
/// derived from <see cref="SimulationOptions.Seed"/> (in either <see cref="SimulationRandomness"/>, as the book seeds
/// each customer and day separately), so the customers can be generated in parallel and the output never depends on
/// thread scheduling. A shorter run with otherwise equal options yields the same genuine transactions on the days
/// both cover (with <see cref="SimulationRandomness.Numpy"/>, transactions in the same second may be numbered in
/// another order, as pandas' unstable sort sees the whole array).
/// </remarks>
public static class TransactionSimulator
{
    // Customers per parallel batch; progress is reported between batches from the calling thread.
    private const int CustomersPerBatch = 250;

    /// <summary>Runs the simulation.</summary>
    /// <exception cref="ArgumentException">An option is out of range (see <see cref="SimulationOptions.Validate"/>).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static SimulatedDataset Run(SimulationOptions options, CancellationToken cancellationToken = default) =>
        Run(options, progress: null, cancellationToken);

    /// <summary>Runs the simulation, reporting progress on the calling thread between steps.</summary>
    /// <param name="options">What to simulate.</param>
    /// <param name="progress">Told how far the run has gone; may be null.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="ArgumentException">An option is out of range (see <see cref="SimulationOptions.Validate"/>).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static SimulatedDataset Run(
        SimulationOptions options, IProgress<SimulationProgress>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();

        ISimulationRandomness randomness = options.Randomness == SimulationRandomness.Numpy
            ? new Numpy.NumpyRandomness(options.Seed)
            : new DotNetRandomness(options.Seed);

        progress?.Report(new SimulationProgress(SimulationStage.Profiles, 0, 1));
        var terminals = DrawTerminals(options, randomness);
        var customers = DrawCustomers(options, terminals, randomness);
        progress?.Report(new SimulationProgress(SimulationStage.Profiles, 1, 1));

        var perCustomer = GenerateTransactions(customers, options, randomness, progress, cancellationToken);

        progress?.Report(new SimulationProgress(SimulationStage.Ordering, 0, 1));
        var (transactions, days) = randomness.Order(
            perCustomer, options.Days, UnixSecondsAt(options.StartDate), cancellationToken);
        progress?.Report(new SimulationProgress(SimulationStage.Ordering, 1, 1));

        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(new SimulationProgress(SimulationStage.Frauds, 0, 1));
        new FraudInjector(transactions, days, options.Customers, options.Terminals).ApplyAll(options, randomness, cancellationToken);
        progress?.Report(new SimulationProgress(SimulationStage.Frauds, 1, 1));

        return new SimulatedDataset(
            options,
            ImmutableCollectionsMarshal.AsImmutableArray(transactions),
            ImmutableCollectionsMarshal.AsImmutableArray(customers),
            ImmutableCollectionsMarshal.AsImmutableArray(terminals));
    }

    /// <summary>UTC midnight of <paramref name="date"/> in Unix seconds.</summary>
    internal static long UnixSecondsAt(DateOnly date) =>
        (date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber) * (long)CustomerTransactionGenerator.SecondsPerDay;

    private static TerminalProfile[] DrawTerminals(SimulationOptions options, ISimulationRandomness randomness)
    {
        var draws = randomness.TerminalProfiles();
        var terminals = new TerminalProfile[options.Terminals];
        for (int id = 0; id < terminals.Length; id++)
        {
            double x = draws.Uniform(0, SimulationOptions.WorldSize);
            double y = draws.Uniform(0, SimulationOptions.WorldSize);
            terminals[id] = new TerminalProfile(id, x, y);
        }

        return terminals;
    }

    private static CustomerProfile[] DrawCustomers(
        SimulationOptions options, TerminalProfile[] terminals, ISimulationRandomness randomness)
    {
        var grid = new TerminalGrid(
            Array.ConvertAll(terminals, static t => t.X), Array.ConvertAll(terminals, static t => t.Y), options.Radius);
        var draws = randomness.CustomerProfiles();
        var customers = new CustomerProfile[options.Customers];
        for (int id = 0; id < customers.Length; id++)
        {
            // The book's draw order per customer: x, y, mean amount, mean transactions per day.
            double x = draws.Uniform(0, SimulationOptions.WorldSize);
            double y = draws.Uniform(0, SimulationOptions.WorldSize);
            double meanAmount = draws.Uniform(options.MinMeanAmount, options.MaxMeanAmount);
            double meanPerDay = draws.Uniform(options.MinMeanTransactionsPerDay, options.MaxMeanTransactionsPerDay);
            customers[id] = new CustomerProfile(
                id, x, y, meanAmount, meanAmount * options.AmountStdDevToMeanRatio, meanPerDay,
                ImmutableCollectionsMarshal.AsImmutableArray(grid.TerminalsWithin(x, y)));
        }

        return customers;
    }

    private static GeneratedTransaction[][] GenerateTransactions(
        CustomerProfile[] customers,
        SimulationOptions options,
        ISimulationRandomness randomness,
        IProgress<SimulationProgress>? progress,
        CancellationToken cancellationToken)
    {
        var perCustomer = new GeneratedTransaction[customers.Length][];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        progress?.Report(new SimulationProgress(SimulationStage.Transactions, 0, customers.Length));
        for (int first = 0; first < customers.Length; first += CustomersPerBatch)
        {
            int end = Math.Min(customers.Length, first + CustomersPerBatch);
            Parallel.For(
                first,
                end,
                parallel,
                static () => new List<GeneratedTransaction>(1024),
                (customer, _, scratch) =>
                {
                    scratch.Clear();
                    var draws = randomness.CustomerTransactions(customer);
                    CustomerTransactionGenerator.Generate(customers[customer], options, draws, scratch);
                    perCustomer[customer] = scratch.ToArray();
                    return scratch;
                },
                static _ => { });
            progress?.Report(new SimulationProgress(SimulationStage.Transactions, end, customers.Length));
        }

        return perCustomer;
    }
}
