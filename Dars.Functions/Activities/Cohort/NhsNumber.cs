using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Dars.Activities.Cohort;

/// <summary>What <see cref="NhsNumber.Check"/> found.</summary>
public enum NhsNumberCheck
{
    Valid,

    /// <summary>Not ten digits, or spaced other than at the 3-3-4 group boundaries.</summary>
    NotTenDigits,

    /// <summary>The Modulus 11 calculation gives 10: no NHS number has these nine first digits.</summary>
    CheckDigitIsTen,

    /// <summary>The tenth digit is not the Modulus 11 check digit of the first nine.</summary>
    WrongCheckDigit,
}

/// <summary>
/// NHS numbers as COHORT.md reads them: ten digits with a Modulus 11 check digit. Spacing: one space is allowed
/// at each 3-3-4 group boundary (after the 3rd and after the 6th digit), either or both, so <c>943 476 5919</c>,
/// <c>9434765919</c> and <c>943 4765919</c> are read; any other space, a leading or trailing space, other
/// separators (<c>-</c>, tabs) or characters are not. The cohort validator trims each field before asking.
/// </summary>
public static class NhsNumber
{
    /// <summary>Whether the text is a valid NHS number; <paramref name="normalised"/> is its ten digits ("" when not).</summary>
    public static bool IsValid(string digitsOrSpaced, out string normalised)
    {
        Span<char> digits = stackalloc char[10];
        var valid = Check(digitsOrSpaced, digits) == NhsNumberCheck.Valid;
        normalised = valid ? new string(digits) : "";
        return valid;
    }

    /// <summary>Whether the text is a valid NHS number; <paramref name="number"/> is its ten digits as a number.</summary>
    public static bool IsValid(ReadOnlySpan<char> digitsOrSpaced, out long number)
    {
        Span<char> digits = stackalloc char[10];
        number = 0;
        if (Check(digitsOrSpaced, digits) != NhsNumberCheck.Valid) return false;
        foreach (var d in digits) number = number * 10 + (d - '0');
        return true;
    }

    /// <summary>
    /// Checks the text without allocating; when valid, its ten digits are in <paramref name="normalised"/>
    /// (at least 10 long; its content is unspecified otherwise).
    /// </summary>
    public static NhsNumberCheck Check(ReadOnlySpan<char> digitsOrSpaced, Span<char> normalised)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(normalised.Length, 10);
        var text = digitsOrSpaced;
        int sum;
        if (text.Length == 10)
        {
            // The usual case, unspaced, and every cohort row may have one: the first eight digits checked and
            // weighted together, as one vector.
            var first8 = Vector128.Create(MemoryMarshal.Cast<char, ushort>(text)) - Vector128.Create((ushort)'0');
            if (!Vector128.LessThanOrEqualAll(first8, Vector128.Create((ushort)9))
                || !char.IsAsciiDigit(text[8]) || !char.IsAsciiDigit(text[9]))
                return NhsNumberCheck.NotTenDigits;
            sum = Vector128.Sum(first8 * Weights) + (text[8] - '0') * 2;
            text.CopyTo(normalised);
            return Verdict(sum, text[9]);
        }
        if (text.Length is < 10 or > 12) return NhsNumberCheck.NotTenDigits;
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ' ')
            {
                // One space at a group boundary: after the 3rd or the 6th digit, never at either end.
                if (count is not (3 or 6) || text[i - 1] == ' ' || i == text.Length - 1) return NhsNumberCheck.NotTenDigits;
                continue;
            }
            if (!char.IsAsciiDigit(c) || count == 10) return NhsNumberCheck.NotTenDigits;
            normalised[count++] = c;
        }
        if (count != 10) return NhsNumberCheck.NotTenDigits;

        sum = 0;
        for (var i = 0; i < 9; i++) sum += (normalised[i] - '0') * (10 - i);
        return Verdict(sum, normalised[9]);
    }

    /// <summary>The Modulus 11 weights of the first eight digits (the ninth weighs 2).</summary>
    private static readonly Vector128<ushort> Weights = Vector128.Create((ushort)10, 9, 8, 7, 6, 5, 4, 3);

    /// <summary>Modulus 11: <c>11 - (sum mod 11)</c> is the check digit, 11 meaning 0 and 10 meaning no valid number.</summary>
    private static NhsNumberCheck Verdict(int sum, char last)
    {
        var check = 11 - sum % 11;
        if (check == 11) check = 0;
        if (check == 10) return NhsNumberCheck.CheckDigitIsTen;
        return last - '0' == check ? NhsNumberCheck.Valid : NhsNumberCheck.WrongCheckDigit;
    }

    /// <summary>The number with all but its last three digits hidden, e.g. <c>*******919</c>; never more of it.</summary>
    public static string Mask(string digitsOrSpaced) => Mask(digitsOrSpaced.AsSpan());

    /// <summary>
    /// Seven asterisks and the last three digits found in the text (fewer if it has fewer), whatever else it
    /// holds: letters, spaces and other characters are never shown.
    /// </summary>
    public static string Mask(ReadOnlySpan<char> digitsOrSpaced)
    {
        Span<char> masked = stackalloc char[10];
        masked.Fill('*');
        var found = 0;
        for (var i = digitsOrSpaced.Length - 1; i >= 0 && found < 3; i--)
            if (char.IsAsciiDigit(digitsOrSpaced[i])) masked[9 - found++] = digitsOrSpaced[i];
        return new string(masked[..7]) + new string(masked[(10 - found)..]);
    }
}
