using System.Collections.Immutable;
using FraudActors.Ml.Data;

namespace FraudActors.Ml.Simulation;

/// <summary>The output of <see cref="TransactionSimulator.Run(SimulationOptions, CancellationToken)"/>.</summary>
public sealed class SimulatedDataset
{
    internal SimulatedDataset(
        SimulationOptions options,
        ImmutableArray<Transaction> transactions,
        ImmutableArray<CustomerProfile> customers,
        ImmutableArray<TerminalProfile> terminals)
    {
        Options = options;
        Transactions = transactions;
        Customers = customers;
        Terminals = terminals;
    }

    /// <summary>The options the data set was generated with.</summary>
    public SimulationOptions Options { get; }

    /// <summary>
    /// All transactions, sorted by time with <see cref="Transaction.Id"/> equal to the position. Ties: customer id, then
    /// the customer's own generation order; with <see cref="SimulationRandomness.Numpy"/>, the order pandas' default
    /// (unstable) sort leaves them in, as in the book.
    /// </summary>
    public ImmutableArray<Transaction> Transactions { get; }

    /// <summary>The customers, indexed by id.</summary>
    public ImmutableArray<CustomerProfile> Customers { get; }

    /// <summary>The terminals, indexed by id.</summary>
    public ImmutableArray<TerminalProfile> Terminals { get; }

    /// <summary>UTC start of simulation day 0, in Unix seconds.</summary>
    public long StartUnixSeconds => TransactionSimulator.UnixSecondsAt(Options.StartDate);
}
