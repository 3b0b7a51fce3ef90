using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Dars.Activities.Cohort;

/// <summary>
/// The references seen in a cohort file, as 64-bit hashes (XxHash3 of the UTF-16 text), never the text: an
/// open-addressing table of <see cref="ulong"/>, linear probing, at most half full. Each slot keeps the hash's
/// top 62 bits and, in its low two bits, which statuses the reference had (add = 1, delete = 2). A million
/// references take a 16 MiB table (24 MiB for the moment it grows). Two different references collide with a
/// probability of about n² / 2⁶³ (5 × 10⁻⁸ for a million): the later one would be reported as repeated.
/// </summary>
internal sealed class ReferenceSet
{
    private const int MinBits = 12;
    private ulong[] _slots;
    private int _shift;

    /// <summary>A set sized for <paramref name="expected"/> references without growing (it grows if more come).</summary>
    public ReferenceSet(int expected = 0)
    {
        var bits = MinBits;
        while (bits < 30 && 1L << (bits - 1) < expected) bits++;
        _slots = new ulong[1 << bits];
        _shift = 64 - bits;
    }

    public int Count { get; private set; }

    /// <summary>Records <paramref name="status"/> (1 or 2) for the reference; returns the statuses it had before (0 if new).</summary>
    public int Add(ReadOnlySpan<char> reference, int status) => Add(Hash(reference), status);

    public static ulong Hash(ReadOnlySpan<char> reference) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(reference));

    /// <summary>
    /// Reads the slot where <paramref name="hash"/> would go, so that the memory is on its way to the cache while
    /// the caller does other work before <see cref="Add(ulong, int)"/> (a million references make a table far
    /// bigger than the faster caches; without this, waiting for memory is most of the cost of a row).
    /// </summary>
    public void Touch(ulong hash) => _touched ^= _slots[(int)(hash >> _shift)];

    private ulong _touched;

    public int Add(ulong hash, int status)
    {
        if (Count >= _slots.Length >> 1) Grow();
        var key = hash & ~3UL;
        var mask = _slots.Length - 1;
        var slots = _slots;
        for (var i = (int)(hash >> _shift); ; i = (i + 1) & mask)
        {
            ref var slot = ref slots[i];
            if (slot == 0)
            {
                slot = key | (uint)status;
                Count++;
                return 0;
            }
            if ((slot & ~3UL) == key)
            {
                var before = (int)(slot & 3);
                slot |= (uint)status;
                return before;
            }
        }
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new ulong[old.Length * 2];
        _shift--;
        var mask = _slots.Length - 1;
        foreach (var value in old)
        {
            if (value == 0) continue;
            var i = (int)(value >> _shift);
            while (_slots[i] != 0) i = (i + 1) & mask;
            _slots[i] = value;
        }
    }
}
