namespace Dars.Activities.Data;

/// <summary>
/// Where production reads the accepted cohort: a CSV <c>UNIQUE REFERENCE,NHS_NUMBER</c> of the accepted
/// file's valid <c>add</c> rows (NHS_NUMBER ten digits or empty), by the application's <c>Cohort.BlobName</c>;
/// null when there is none. Cohort validation (Activities/Cohort, <c>CohortFiles.OpenAcceptedAsync</c>) provides it.
/// </summary>
public interface IAcceptedCohortSource
{
    Task<Stream?> OpenAcceptedAsync(string blobName, CancellationToken cancellationToken);
}

/// <summary>
/// The accepted cohort in memory, indexed by NHS number: each row's reference, and for each NHS number its
/// rows (one number may stand for several references). Rows without an NHS number are kept (they count as
/// cohort rows) but can never match. About 40 bytes a row plus the references' text.
/// </summary>
public sealed class AcceptedCohort
{
    // Rows with one NHS number form a ring in file order: the index holds the number's last row, whose _next
    // is the first; a step that does not go forward has come round. No second index is needed while loading.
    private readonly ReferenceArena _references = new();
    private readonly List<int> _next = [];
    private readonly NhsIndex _tail = new();

    private AcceptedCohort() { }

    /// <summary>Valid cohort rows: every row of the accepted-rows file.</summary>
    public int Rows => _references.Count;

    /// <summary>The row's <c>UNIQUE REFERENCE</c> (valid until the cohort is dropped).</summary>
    public ReadOnlySpan<char> Reference(int row) => _references[row];

    /// <summary>The first row (in file order) with this NHS number, or -1; then <see cref="Next"/>.</summary>
    public int First(long nhsNumber) => _tail.Get(nhsNumber) is var tail and >= 0 ? _next[tail] : -1;

    /// <summary>The next row with the same NHS number, or -1.</summary>
    public int Next(int row) => _next[row] is var next && next > row ? next : -1;

    public static AcceptedCohort From(IEnumerable<(string Reference, string? NhsNumber)> rows)
    {
        var cohort = new AcceptedCohort();
        foreach (var (reference, nhs) in rows) cohort.Add(reference, NhsNumbers.TryParse(nhs, out var n) ? n : null);
        return cohort;
    }

    /// <summary>Reads the accepted-rows CSV (<c>UNIQUE REFERENCE</c> and <c>NHS_NUMBER</c>, found by name).</summary>
    public static async Task<AcceptedCohort> LoadAsync(Stream csv, CancellationToken cancellationToken)
    {
        var cohort = new AcceptedCohort();
        await using var reader = await Csv.OpenAsync(csv, cancellationToken);
        var header = Csv.Header(reader);
        var referenceAt = Array.FindIndex(header, h => h.Equals("UNIQUE REFERENCE", StringComparison.OrdinalIgnoreCase));
        var nhsAt = Array.FindIndex(header, h => h.Equals("NHS_NUMBER", StringComparison.OrdinalIgnoreCase));
        if (referenceAt < 0 || nhsAt < 0)
            throw new InvalidDataException("The accepted cohort has no UNIQUE REFERENCE and NHS_NUMBER columns.");
        while (await reader.ReadAsync(cancellationToken))
        {
            if (Csv.IsBlank(reader)) continue;
            var reference = referenceAt < reader.RowFieldCount ? reader.GetFieldSpan(referenceAt) : default;
            var nhs = nhsAt < reader.RowFieldCount ? reader.GetFieldSpan(nhsAt).Trim() : default;
            cohort.Add(reference, NhsNumbers.TryParse(nhs, out var n) ? n : null);
        }
        return cohort;
    }

    private void Add(ReadOnlySpan<char> reference, long? nhsNumber)
    {
        var row = _references.Count;
        _references.Add(reference);
        if (nhsNumber is not { } nhs)
        {
            _next.Add(-1);
            return;
        }
        var tail = _tail.Set(nhs, row);
        if (tail >= 0)
        {
            _next.Add(_next[tail]);
            _next[tail] = row;
        }
        else _next.Add(row);
    }

    /// <summary>
    /// The references' text in large shared blocks (no object per row): offset and length per row. A
    /// million 13-character references take about 32 MB here against about 56 MB as strings, and give the GC
    /// nothing to trace.
    /// </summary>
    private sealed class ReferenceArena
    {
        private const int BlockBits = 20, BlockChars = 1 << BlockBits;
        private readonly List<char[]> _blocks = [];
        private readonly List<int> _starts = [];
        private readonly List<int> _lengths = [];
        private int _used = BlockChars;

        public int Count => _starts.Count;

        public ReadOnlySpan<char> this[int row]
        {
            get
            {
                var start = _starts[row];
                return _blocks[start >> BlockBits].AsSpan(start & (BlockChars - 1), _lengths[row]);
            }
        }

        public void Add(ReadOnlySpan<char> text)
        {
            if (text.Length > BlockChars) text = text[..BlockChars];
            if (_used + text.Length > BlockChars)
            {
                _blocks.Add(new char[BlockChars]);
                _used = 0;
            }
            text.CopyTo(_blocks[^1].AsSpan(_used));
            _starts.Add(((_blocks.Count - 1) << BlockBits) | _used);
            _lengths.Add(text.Length);
            _used += text.Length;
        }
    }

    /// <summary>
    /// NHS number → row: open addressing with linear probing over one array of (key, value) slots, so a lookup
    /// usually touches one cache line (a Dictionary touches two). Half full at most.
    /// </summary>
    private sealed class NhsIndex
    {
        private struct Slot
        {
            public long Key;
            public int ValuePlusOne; // 0: empty
        }

        private Slot[] _slots = new Slot[1024];
        private int _count, _shift = 64 - 10;

        public int Get(long key)
        {
            var slots = _slots;
            var mask = slots.Length - 1;
            for (var i = Home(key); ; i = (i + 1) & mask)
            {
                ref var slot = ref slots[i];
                if (slot.ValuePlusOne == 0) return -1;
                if (slot.Key == key) return slot.ValuePlusOne - 1;
            }
        }

        /// <summary>Sets the key's value; returns the value it had, or -1.</summary>
        public int Set(long key, int value)
        {
            if ((_count + 1) * 2 > _slots.Length) Grow();
            var mask = _slots.Length - 1;
            for (var i = Home(key); ; i = (i + 1) & mask)
            {
                ref var slot = ref _slots[i];
                if (slot.ValuePlusOne == 0)
                {
                    slot = new Slot { Key = key, ValuePlusOne = value + 1 };
                    _count++;
                    return -1;
                }
                if (slot.Key == key)
                {
                    var previous = slot.ValuePlusOne - 1;
                    slot.ValuePlusOne = value + 1;
                    return previous;
                }
            }
        }

        private int Home(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> _shift);

        private void Grow()
        {
            var old = _slots;
            _slots = new Slot[old.Length * 2];
            _shift--;
            _count = 0;
            foreach (var slot in old)
                if (slot.ValuePlusOne != 0) Set(slot.Key, slot.ValuePlusOne - 1);
        }
    }
}
