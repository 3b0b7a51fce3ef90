using System.Buffers;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Dars.Activities.Cohort;

/// <summary>
/// The references seen in a cohort file, as 64-bit hashes (XxHash3 of the UTF-16 text), never the text: an
/// open-addressing table of <see cref="ulong"/>, linear probing, at most half full. Each slot keeps the hash's
/// top 62 bits and, in its low two bits, which statuses the reference had (add = 1, delete = 2). A million
/// references take a 16 MiB table (24 MiB for the moment it grows). Two different references collide with a
/// probability of about n² / 2⁶³ (5 × 10⁻⁸ for a million): the later one would be reported as repeated.
/// The table is rented from the shared array pool and returned by <see cref="Dispose"/>: a fresh 16 MiB costs
/// the operating system a page fault per 4 KiB on first touch, more than clearing a reused one.
/// </summary>
internal sealed class ReferenceSet : IDisposable
{
    private const int MinBits = 12, PrefetchDistance = 24;
    private ulong[] _slots;
    private int _length, _shift;

    /// <summary>A set sized for <paramref name="expected"/> references without growing (it grows if more come).</summary>
    public ReferenceSet(int expected = 0)
    {
        var bits = MinBits;
        while (bits < 30 && 1L << (bits - 1) < expected) bits++;
        _slots = Rent(1 << bits);
        _length = 1 << bits;
        _shift = 64 - bits;
    }

    public int Count { get; private set; }

    /// <summary>Records <paramref name="status"/> (1 or 2) for the reference; returns the statuses it had before (0 if new).</summary>
    public int Add(ReadOnlySpan<char> reference, int status) => Add(Hash(reference), status);

    public static ulong Hash(ReadOnlySpan<char> reference) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(reference));

    /// <summary>
    /// Records a batch of references at once: <paramref name="statuses"/>[i] (1 or 2; 0 to skip) for the reference
    /// hashed to <paramref name="hashes"/>[i], and what it had before into <paramref name="before"/>[i], exactly as
    /// calling <see cref="Add(ulong, int)"/> for each in turn would.
    /// <para>With a million references the table is 16 MiB, far bigger than the caches, so nearly every lookup
    /// waits for memory. In one tight loop the processor is asked for the slot of the reference 24 places ahead
    /// (and for the batch's first 24 before it starts): the waits overlap each other. The loop is kept free of
    /// calls and of the growth check (the table grows before the batch instead) because each instruction between
    /// two requests delays the next: as a call per row it took half as long again. (Asking as each row was parsed,
    /// as before, measured slower still: the waits then stalled the parsing.)</para>
    /// </summary>
    public unsafe void AddAll(ReadOnlySpan<ulong> hashes, ReadOnlySpan<int> statuses, Span<int> before)
    {
        if (statuses.Length != hashes.Length || before.Length < hashes.Length)
            throw new ArgumentException("A status and a place for the result are needed for every hash.");
        while (Count + hashes.Length > _length >> 1) Grow();
        ref var slots = ref MemoryMarshal.GetArrayDataReference(_slots);
        var shift = _shift;
        if (Sse.IsSupported)
            for (var i = 0; i < PrefetchDistance && i < hashes.Length; i++)
                Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref slots, (nint)(hashes[i] >> shift))));
        var count = Count;
        for (var i = 0; i < hashes.Length; i++)
        {
            // A hint only: the address is never read through.
            if (Sse.IsSupported && i + PrefetchDistance < hashes.Length)
                Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref slots, (nint)(hashes[i + PrefetchDistance] >> shift))));
            before[i] = statuses[i] == 0 ? 0 : Record(ref slots, _length - 1, shift, hashes[i], statuses[i], ref count);
        }
        Count = count;
    }

    public int Add(ulong hash, int status)
    {
        if (Count >= _length >> 1) Grow();
        var count = Count;
        var before = Record(ref MemoryMarshal.GetArrayDataReference(_slots), _length - 1, _shift, hash, status, ref count);
        Count = count;
        return before;
    }

    /// <summary>
    /// Finds the hash's slot by linear probing from its top bits, records the status there, and returns the
    /// statuses it had before (0 when the slot was empty, which <paramref name="count"/> counts). Unchecked
    /// indexing: the table is never full (at most half), and every index is masked to its length.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Record(ref ulong slots, int mask, int shift, ulong hash, int status, ref int count)
    {
        var key = hash & ~3UL;
        for (var i = (nint)(hash >> shift); ; i = (i + 1) & mask)
        {
            ref var slot = ref Unsafe.Add(ref slots, i);
            if (slot == 0)
            {
                slot = key | (uint)status;
                count++;
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

    public void Dispose()
    {
        if (_slots.Length == 0) return;
        ArrayPool<ulong>.Shared.Return(_slots);
        _slots = [];
    }

    private void Grow()
    {
        var old = _slots;
        var oldLength = _length;
        _length *= 2;
        _slots = Rent(_length);
        _shift--;
        var mask = _length - 1;
        foreach (var value in old.AsSpan(0, oldLength))
        {
            if (value == 0) continue;
            var i = (int)(value >> _shift);
            while (_slots[i] != 0) i = (i + 1) & mask;
            _slots[i] = value;
        }
        ArrayPool<ulong>.Shared.Return(old);
    }

    private static ulong[] Rent(int length)
    {
        var slots = ArrayPool<ulong>.Shared.Rent(length);
        Array.Clear(slots, 0, length);
        return slots;
    }
}
