using Dars.Activities.Cohort;

namespace Dars.Tests.Activities.CohortValidation;

/// <summary>NHS numbers as COHORT.md defines them: ten digits, Modulus 11 check digit, spaces only between the 3-3-4 groups.</summary>
public sealed class NhsNumberTests
{
    [Theory]
    [InlineData("9434765919", "9434765919")]
    [InlineData("9434765870", "9434765870")] // check digit 11 → 0
    [InlineData("943 476 5919", "9434765919")]
    [InlineData("943 4765919", "9434765919")]
    [InlineData("943476 5919", "9434765919")]
    [InlineData("9000000009", "9000000009")]
    public void Valid_numbers_with_or_without_group_spaces_are_read_as_their_ten_digits(string text, string digits)
    {
        Assert.True(NhsNumber.IsValid(text, out string normalised));
        Assert.Equal(digits, normalised);
        Assert.True(NhsNumber.IsValid(text.AsSpan(), out long number));
        Assert.Equal(long.Parse(digits), number);
    }

    [Theory]
    [InlineData("9434765918", NhsNumberCheck.WrongCheckDigit)]
    [InlineData("943 476 5918", NhsNumberCheck.WrongCheckDigit)]
    [InlineData("9000000001", NhsNumberCheck.WrongCheckDigit)]
    [InlineData("0000000060", NhsNumberCheck.CheckDigitIsTen)] // 6 × 2 = 12, 11 - 12 mod 11 = 10: never valid
    [InlineData("0000000061", NhsNumberCheck.CheckDigitIsTen)]
    [InlineData("943476591", NhsNumberCheck.NotTenDigits)]
    [InlineData("94347659190", NhsNumberCheck.NotTenDigits)]
    [InlineData("94347659A9", NhsNumberCheck.NotTenDigits)]
    [InlineData("943:765919", NhsNumberCheck.NotTenDigits)] // the characters either side of the digits, in each place
    [InlineData("9434/65919", NhsNumberCheck.NotTenDigits)]
    [InlineData("9434765:19", NhsNumberCheck.NotTenDigits)]
    [InlineData("94347659/9", NhsNumberCheck.NotTenDigits)]
    [InlineData("943476591:", NhsNumberCheck.NotTenDigits)]
    [InlineData("943-476-5919", NhsNumberCheck.NotTenDigits)]
    [InlineData("9434 765919", NhsNumberCheck.NotTenDigits)] // spaces only between the 3-3-4 groups
    [InlineData("943  476 5919", NhsNumberCheck.NotTenDigits)]
    [InlineData(" 9434765919", NhsNumberCheck.NotTenDigits)]
    [InlineData("9434765919 ", NhsNumberCheck.NotTenDigits)]
    [InlineData("943\t476\t5919", NhsNumberCheck.NotTenDigits)]
    [InlineData("９４３４７６５９１９", NhsNumberCheck.NotTenDigits)] // full-width digits are not ASCII digits
    [InlineData("", NhsNumberCheck.NotTenDigits)]
    public void Anything_else_is_not_an_NHS_number_and_says_why(string text, NhsNumberCheck expected)
    {
        Assert.Equal(expected, NhsNumber.Check(text, new char[10]));
        Assert.False(NhsNumber.IsValid(text, out string normalised));
        Assert.Equal("", normalised);
    }

    [Theory]
    [InlineData("943 476 5919", "*******919")]
    [InlineData("9434765919", "*******919")]
    [InlineData("94347659A9", "*******599")]
    [InlineData("12", "*******12")]
    [InlineData("SMITH", "*******")]
    public void Masking_shows_at_most_the_last_three_digits(string text, string masked) => Assert.Equal(masked, NhsNumber.Mask(text));
}
