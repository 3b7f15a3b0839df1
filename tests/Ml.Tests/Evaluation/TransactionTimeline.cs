using System.Globalization;
using FraudActors.Ml.Data;

namespace FraudActors.Ml.Tests.Evaluation;

/// <summary>
/// Hand-made transactions written in any order and handed out sorted by time and numbered, as the simulator emits
/// them; each is found again by a name so tests read as the scenario they describe.
/// </summary>
internal sealed class TransactionTimeline
{
    private readonly List<(string Name, long UnixSeconds, int Card, bool Fraud)> _entries = [];
    private Transaction[]? _sorted;
    private Dictionary<string, int>? _rowByName;

    public TransactionTimeline Add(string name, string utc, int card, bool fraud = false)
    {
        var time = DateTime.ParseExact(utc, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        _entries.Add((name, (long)(time - DateTime.UnixEpoch).TotalSeconds, card, fraud));
        _sorted = null;
        return this;
    }

    public Transaction[] Transactions
    {
        get
        {
            Sort();
            return _sorted!;
        }
    }

    public int Row(string name)
    {
        Sort();
        return _rowByName![name];
    }

    public int[] Rows(params string[] names) => [.. names.Select(Row).Order()];

    private void Sort()
    {
        if (_sorted is not null)
        {
            return;
        }

        var ordered = _entries.Select((e, insertion) => (e, insertion)).OrderBy(x => x.e.UnixSeconds).ThenBy(x => x.insertion).ToArray();
        _sorted = [.. ordered.Select((x, id) => new Transaction(id, x.e.UnixSeconds, x.e.Card, TerminalId: 0, AmountCents: 1_000, x.e.Fraud, x.e.Fraud ? FraudScenario.CompromisedCustomer : FraudScenario.None))];
        _rowByName = ordered.Select((x, row) => (x.e.Name, row)).ToDictionary(x => x.Name, x => x.row);
    }
}
