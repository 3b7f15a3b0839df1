using System.Numerics;

namespace FraudActors.Silo.Storage.Journal;

/// <summary>
/// The 64-bit fingerprints of every transaction id in the log, in an open-addressing hash set (linear probing,
/// one <c>ulong</c> per slot, grown by doubling at 3/4 full): the append path's answer to "is this id new?" without
/// I/O. A fingerprint absent means new; present means "probably a duplicate", which the caller confirms exactly (two
/// ids can share a fingerprint).
/// <para>
/// Memory: 8 bytes per slot at a load between 3/8 and 3/4, so 11 to 21 bytes per logged decision (and twice the
/// table while it grows): 10 million decisions take 128 to 256 MiB. That is the scale the embedded node is for (the
/// handbook's 1.75 million simulated transactions take 32 MiB); beyond a few tens of millions of decisions use the
/// PostgreSQL cluster mode. Single-threaded: only the journal writer (and recovery before it starts) touches it.
/// </para>
/// </summary>
internal sealed class TransactionFingerprints
{
    private const int MinimumCapacity = 1024;

    // 0 marks an empty slot, so the fingerprint 0 is stored as this stand-in (the confirmation step absorbs the
    // extra collision it creates).
    private const ulong ZeroStandIn = 0x9E3779B97F4A7C15UL;

    private ulong[] _slots;
    private int _mask;
    private int _growAt;

    public TransactionFingerprints(long expected = 0)
    {
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(expected * 2, MinimumCapacity, 1L << 30));
        _slots = new ulong[capacity];
        _mask = capacity - 1;
        _growAt = capacity / 4 * 3;
    }

    public int Count { get; private set; }

    /// <summary>Bytes the table holds now.</summary>
    public long Bytes => (long)_slots.Length * sizeof(ulong);

    public bool Contains(ulong fingerprint)
    {
        fingerprint = fingerprint == 0 ? ZeroStandIn : fingerprint;
        for (var i = Home(fingerprint); ; i = (i + 1) & _mask)
        {
            var slot = _slots[i];
            if (slot == fingerprint)
            {
                return true;
            }

            if (slot == 0)
            {
                return false;
            }
        }
    }

    /// <summary>Adds a fingerprint; false if it was already there.</summary>
    public bool Add(ulong fingerprint)
    {
        fingerprint = fingerprint == 0 ? ZeroStandIn : fingerprint;
        if (Count >= _growAt)
        {
            Grow();
        }

        for (var i = Home(fingerprint); ; i = (i + 1) & _mask)
        {
            var slot = _slots[i];
            if (slot == fingerprint)
            {
                return false;
            }

            if (slot == 0)
            {
                _slots[i] = fingerprint;
                Count++;
                return true;
            }
        }
    }

    // The fingerprints are already well mixed (StableHash ends in SplitMix64's finalizer): the top bits are the slot.
    private int Home(ulong fingerprint) => (int)(fingerprint >> 33) & _mask;

    private void Grow()
    {
        var old = _slots;
        _slots = new ulong[old.Length * 2];
        _mask = _slots.Length - 1;
        _growAt = _slots.Length / 4 * 3;
        foreach (var fingerprint in old)
        {
            if (fingerprint == 0)
            {
                continue;
            }

            var i = Home(fingerprint);
            while (_slots[i] != 0)
            {
                i = (i + 1) & _mask;
            }

            _slots[i] = fingerprint;
        }
    }
}
