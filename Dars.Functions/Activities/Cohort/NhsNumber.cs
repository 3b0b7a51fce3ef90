namespace Dars.Activities.Cohort;

/// <summary>NHS numbers as COHORT.md reads them: ten digits, optionally spaced 3-3-4, with a Modulus 11 check digit.</summary>
public static class NhsNumber
{
    /// <summary>Whether <paramref name="text"/> is a valid NHS number; <paramref name="number"/> is its ten digits as a number.</summary>
    public static bool IsValid(ReadOnlySpan<char> text, out long number)
    {
        number = 0;
        Span<int> digits = stackalloc int[10];
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ' ')
            {
                // Spaces only between the groups: after the 3rd and the 6th digit, one each.
                if (count is not (3 or 6) || text[i - 1] == ' ') return false;
                continue;
            }
            if (c is < '0' or > '9' || count == 10) return false;
            digits[count++] = c - '0';
        }
        if (count != 10 || text[^1] == ' ') return false;

        var sum = 0;
        for (var i = 0; i < 9; i++) sum += digits[i] * (10 - i);
        var check = 11 - sum % 11;
        if (check == 11) check = 0;
        if (check == 10 || check != digits[9]) return false;
        for (var i = 0; i < 10; i++) number = number * 10 + digits[i];
        return true;
    }

    /// <summary>The number with all but its last three digits hidden, e.g. <c>*******919</c>; never more of it.</summary>
    public static string Mask(ReadOnlySpan<char> text)
    {
        Span<char> last = stackalloc char[3];
        var found = 0;
        for (var i = text.Length - 1; i >= 0 && found < 3; i--)
            if (char.IsAsciiDigit(text[i])) last[2 - found++] = text[i];
        return found == 3 ? "*******" + new string(last) : "*******";
    }
}
