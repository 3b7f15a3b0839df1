using FraudActors.Ml.Data;

namespace FraudActors.Ml.Features;

/// <summary>
/// Feeds time-sorted transactions to one <see cref="CustomerWindows"/> per customer and one <see cref="TerminalWindows"/>
/// per terminal, exactly as the grains do online, and writes each transaction's feature vector. Histories live in
/// dense arrays indexed by id, created on first use.
/// </summary>
internal sealed class FeatureStream
{
    /// <summary>Ids index dense arrays, so they are bounded to keep a stray id from allocating gigabytes.</summary>
    public const int MaxId = (1 << 24) - 1;

    private static readonly TimeSpan InOrder = TimeSpan.Zero;

    private CustomerWindows?[] _customers = new CustomerWindows?[1024];
    private TerminalWindows?[] _terminals = new TerminalWindows?[1024];
    private long _previousTime = long.MinValue;
    private long _previousId;

    /// <summary>Transactions written so far.</summary>
    public long Count { get; private set; }

    public void Write(in Transaction transaction, Span<double> row)
    {
        Validate(transaction);

        var customer = _customers.Length > transaction.CustomerId ? _customers[transaction.CustomerId] : null;
        customer ??= CreateCustomer(transaction.CustomerId);
        var terminal = _terminals.Length > transaction.TerminalId ? _terminals[transaction.TerminalId] : null;
        terminal ??= CreateTerminal(transaction.TerminalId);

        var customerFeatures = customer.Add(transaction.UnixSeconds, transaction.AmountCents, transaction.Id);

        // The delayed window ends 7 days back, so the order of query and insertion does not matter; query first like the grain.
        var terminalFeatures = terminal.FeaturesAt(transaction.UnixSeconds);
        terminal.Add(transaction.UnixSeconds, transaction.IsFraud, transaction.Id);

        TransactionFeatures.Write(transaction.UnixSeconds, transaction.AmountCents, customerFeatures, terminalFeatures, row);
        _previousTime = transaction.UnixSeconds;
        _previousId = transaction.Id;
        Count++;
    }

    private void Validate(in Transaction transaction)
    {
        if (transaction.UnixSeconds < _previousTime)
        {
            throw new ArgumentException(
                $"Transactions must be sorted by time: transaction {transaction.Id} at {WindowClock.Describe(transaction.UnixSeconds)} " +
                $"comes after transaction {_previousId} at {WindowClock.Describe(_previousTime)}.");
        }

        if (!WindowClock.IsInRange(transaction.UnixSeconds))
        {
            throw new ArgumentException(
                $"Transaction {transaction.Id} has time {transaction.UnixSeconds} (Unix seconds), outside the windows' range " +
                $"{WindowClock.MinUnixSeconds} to {WindowClock.MaxUnixSeconds}.");
        }

        if (transaction.AmountCents is < 0 or > int.MaxValue)
        {
            throw new ArgumentException(
                $"Transaction {transaction.Id} has amount {transaction.AmountCents} cents, outside 0 to {int.MaxValue}.");
        }

        if ((uint)transaction.CustomerId > MaxId)
        {
            throw new ArgumentException($"Transaction {transaction.Id} has customer id {transaction.CustomerId}, outside 0 to {MaxId}.");
        }

        if ((uint)transaction.TerminalId > MaxId)
        {
            throw new ArgumentException($"Transaction {transaction.Id} has terminal id {transaction.TerminalId}, outside 0 to {MaxId}.");
        }
    }

    private CustomerWindows CreateCustomer(int id)
    {
        if (id >= _customers.Length)
        {
            Array.Resize(ref _customers, Math.Max(id + 1, _customers.Length * 2));
        }

        // A sorted stream never arrives late, so no lateness: the least memory, the same features.
        return _customers[id] = new CustomerWindows(InOrder);
    }

    private TerminalWindows CreateTerminal(int id)
    {
        if (id >= _terminals.Length)
        {
            Array.Resize(ref _terminals, Math.Max(id + 1, _terminals.Length * 2));
        }

        return _terminals[id] = new TerminalWindows(InOrder);
    }
}
