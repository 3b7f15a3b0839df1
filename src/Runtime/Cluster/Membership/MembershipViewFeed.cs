using System.Runtime.CompilerServices;

namespace FraudActors.Runtime.Cluster.Membership;

/// <summary>
/// The newest membership view and the feed of newer ones, for an <see cref="IClusterMembership"/>: publishing keeps
/// only views newer than the current one, and a watcher always moves straight to the newest (views superseded while it
/// was busy are skipped), so a slow consumer never holds the publisher up.
/// </summary>
internal sealed class MembershipViewFeed
{
    private readonly Lock _lock = new();
    private volatile ViewNode _latest = new(MembershipView.Empty);
    private bool _ended;

    /// <summary>The newest view published (one volatile read).</summary>
    public MembershipView Current => _latest.View;

    /// <summary>Publishes <paramref name="view"/> if it is newer than the current one and the feed has not ended.</summary>
    /// <returns>Whether it was published.</returns>
    public bool Publish(MembershipView view)
    {
        lock (_lock)
        {
            var previous = _latest;
            if (_ended || view.Version <= previous.View.Version)
            {
                return false;
            }

            _latest = new ViewNode(view);
            previous.Next.SetResult(_latest);
            return true;
        }
    }

    /// <summary>Ends the feed: watchers finish after the current view; nothing more is published.</summary>
    public void End()
    {
        lock (_lock)
        {
            _ended = true;
            _latest.Next.TrySetResult(null);
        }
    }

    /// <summary>The current view, then each newer one as it is published, until the feed ends.</summary>
    public async IAsyncEnumerable<MembershipView> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var node = _latest;
        while (true)
        {
            yield return node.View;
            if (await node.Next.Task.WaitAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                yield break;
            }

            // Straight to the newest: views published while the consumer was busy are superseded.
            node = _latest;
        }
    }

    /// <summary>A published view and, once there is one, the next (null when the feed has ended).</summary>
    private sealed class ViewNode(MembershipView view)
    {
        public MembershipView View { get; } = view;

        public TaskCompletionSource<ViewNode?> Next { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
