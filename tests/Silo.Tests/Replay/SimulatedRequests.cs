using FraudActors.Ml.Data;
using FraudActors.Silo.Replay;

namespace FraudActors.Silo.Tests.Replay;

/// <summary>Simulated transactions as a payment system posts them to <c>/v1/transactions/score</c>.</summary>
internal static class SimulatedRequests
{
    /// <summary>The JSON body of a score request for <paramref name="transaction"/> (ids as the replay names them).</summary>
    public static object Body(Transaction transaction)
    {
        var request = TransactionReplay.ToRequest(transaction);
        return new
        {
            transactionId = request.TransactionId,
            customerId = request.CustomerId,
            terminalId = request.TerminalId,
            amount = request.AmountCents / 100m,
            timestamp = request.Timestamp,
        };
    }
}
