using FraudActors.Runtime;

namespace FraudActors.Runtime.Tests.TestGrains;

/// <summary>A grain with persistent state.</summary>
public interface IAccountGrain : IGrainWithStringKey
{
    Task DepositAsync(long cents);

    Task<long> GetBalanceAsync();

    Task<string?> GetEtagAsync();

    /// <summary>Changes the balance in memory only; written at deactivation.</summary>
    Task DepositLaterAsync(long cents);
}
