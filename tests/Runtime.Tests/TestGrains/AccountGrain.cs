using FraudActors.Runtime.Persistence;

namespace FraudActors.Runtime.Tests.TestGrains;

public sealed class AccountState
{
    public long BalanceCents { get; set; }
}

public sealed class AccountGrain([PersistentState("account")] IPersistentState<AccountState> account) : Grain, IAccountGrain
{
    private bool _dirty;

    public async Task DepositAsync(long cents)
    {
        account.State.BalanceCents += cents;
        await account.WriteStateAsync();
    }

    public Task<long> GetBalanceAsync() => Task.FromResult(account.State.BalanceCents);

    public Task<string?> GetEtagAsync() => Task.FromResult(account.Etag);

    public Task DepositLaterAsync(long cents)
    {
        account.State.BalanceCents += cents;
        _dirty = true;
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            await account.WriteStateAsync(cancellationToken);
        }
    }
}
