using Dars.Activities.Cohort;

namespace Dars.Tests.Activities.CohortValidation;

public sealed class NhsNumberTests
{
    [Theory]
    [InlineData("9434765919", 9434765919L)]
    [InlineData("943 476 5919", 9434765919L)]
    [InlineData("9434765870", 9434765870L)]
    [InlineData("9000000009", 9000000009L)]
    public void Valid_numbers_with_or_without_group_spaces_are_read(string text, long expected)
    {
        Assert.True(NhsNumber.IsValid(text, out var number));
        Assert.Equal(expected, number);
    }

    [Theory]
    [InlineData("9434765918")]      // wrong check digit
    [InlineData("9000000001")]      // check digit would be 10: never valid
    [InlineData("943476591")]       // nine digits
    [InlineData("94347659190")]     // eleven digits
    [InlineData("94347659A9")]
    [InlineData("9434 765919")]     // spaces only between the 3-3-4 groups
    [InlineData("943  476 5919")]
    [InlineData(" 9434765919")]
    public void Anything_else_is_not_an_NHS_number(string text) => Assert.False(NhsNumber.IsValid(text, out _));

    [Fact]
    public void Masking_keeps_only_the_last_three_digits() => Assert.Equal("*******919", NhsNumber.Mask("943 476 5919"));
}
