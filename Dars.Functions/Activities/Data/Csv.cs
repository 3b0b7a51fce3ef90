using System.Buffers;
using System.Text;
using Sylvan.Data.Csv;

namespace Dars.Activities.Data;

/// <summary>How DARS reads and writes the CSV files of datasets, the objection register and extracts.</summary>
internal static class Csv
{
    /// <summary>UTF-8 only (a BOM is skipped); invalid bytes throw <see cref="DecoderFallbackException"/>.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    /// <summary>UTF-8 without a BOM, for the files DARS writes.</summary>
    public static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static CsvDataReaderOptions Options => new()
    {
        HasHeaders = true,
        Delimiter = ',',
        CsvStyle = CsvStyle.Standard,
        BufferSize = 0x10000,
        MaxBufferSize = 0x100000,
    };

    /// <summary>A reader over a UTF-8 stream; detects no other encoding.</summary>
    public static TextReader Text(Stream stream, bool leaveOpen = false) =>
        new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 0x10000, leaveOpen: leaveOpen);

    public static Task<CsvDataReader> OpenAsync(Stream stream, CancellationToken cancellationToken) =>
        CsvDataReader.CreateAsync(Text(stream), Options, cancellationToken);

    /// <summary>A line with one empty field: a blank line, skipped rather than read as a record.</summary>
    public static bool IsBlank(CsvDataReader reader) => reader.RowFieldCount == 1 && reader.GetFieldSpan(0).IsEmpty;

    public static string[] Header(CsvDataReader reader) =>
        Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i).Trim()).ToArray();
}

/// <summary>Writes RFC 4180 rows (CRLF, quotes only where needed) to a text writer.</summary>
internal sealed class CsvRowWriter(TextWriter writer)
{
    private static readonly SearchValues<char> Special = SearchValues.Create(",\"\r\n");
    private bool _first = true;

    public void Field(ReadOnlySpan<char> value)
    {
        if (!_first) writer.Write(',');
        _first = false;
        if (value.IndexOfAny(Special) < 0)
        {
            writer.Write(value);
            return;
        }
        writer.Write('"');
        int quote;
        while ((quote = value.IndexOf('"')) >= 0)
        {
            writer.Write(value[..(quote + 1)]);
            writer.Write('"');
            value = value[(quote + 1)..];
        }
        writer.Write(value);
        writer.Write('"');
    }

    public void EndRow()
    {
        writer.Write("\r\n");
        _first = true;
    }

    public void Row(IEnumerable<string> fields)
    {
        foreach (var field in fields) Field(field);
        EndRow();
    }
}

/// <summary>NHS numbers as DARS keeps them: 10 digits, held as a number; shown only masked.</summary>
public static class NhsNumbers
{
    /// <summary>Exactly ten ASCII digits.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.Length != 10) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}

/// <summary>Copies every byte read from <paramref name="source"/> to <paramref name="copy"/>, so a body is checked while it is stored.</summary>
internal sealed class TeeStream(Stream source, Stream copy) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = source.Read(buffer, offset, count);
        copy.Write(buffer, offset, read);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await source.ReadAsync(buffer, cancellationToken);
        if (read > 0) await copy.WriteAsync(buffer[..read], cancellationToken);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>The first problems of a file, capped so a bad file's report stays short.</summary>
internal sealed class ProblemList
{
    public const int Max = 10;
    private readonly List<string> _items = [];

    public bool Full => _items.Count >= Max;
    public bool Any => _items.Count > 0;
    public IReadOnlyList<string> Items => _items;

    public void Add(string problem)
    {
        if (!Full) _items.Add(problem);
    }
}
