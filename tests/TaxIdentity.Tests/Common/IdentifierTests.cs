using TaxIdentity.Core.Common.Identifiers;

namespace TaxIdentity.Tests.Common;

public sealed class IdentifierTests
{
    [Theory]
    [InlineData("91350100M000100Y43")] // the example printed in GB 32100-2015
    [InlineData("91540100MA6T0001X1")]
    public void CreditCode_WithCorrectCheckCharacter_IsValid(string code) => Assert.True(TaxpayerId.IsValidCreditCode(code));

    [Theory]
    [InlineData("91350100M000100Y44")]
    [InlineData("91350100M000100Y4")]
    [InlineData("9135010OM000100Y43")] // O is not in the GB 32100 alphabet
    public void CreditCode_WithWrongCheckOrShape_IsInvalid(string code) => Assert.False(TaxpayerId.IsValidCreditCode(code));

    [Theory]
    [InlineData("11010519491231002X")] // the example printed in GB 11643-1999
    [InlineData("540102199202024049")]
    public void ResidentId_WithCorrectCheckDigit_IsValid(string number) => Assert.True(IdDocument.IsValidResidentId(number));

    [Theory]
    [InlineData("110105194912310021")]
    [InlineData("11010519491331002X")] // month 13
    [InlineData("1101051949123100")]
    public void ResidentId_WithWrongCheckDigitOrDate_IsInvalid(string number) => Assert.False(IdDocument.IsValidResidentId(number));

    [Theory]
    [InlineData("13800138000", "+8613800138000")]
    [InlineData("+8613800138000", "+8613800138000")]
    [InlineData("138-0013-8000", "+8613800138000")]
    [InlineData("+85291234567", "+85291234567")]
    public void Phone_IsStoredInE164(string input, string expected) => Assert.Equal(expected, PhoneNumber.Normalize(input, out _));

    [Theory]
    [InlineData("12345")]
    [InlineData("23800138000")]
    [InlineData("+8612345")]
    [InlineData("+86138001380001")]
    public void Phone_NotAMobileOrE164Number_IsRejected(string input) => Assert.Null(PhoneNumber.Normalize(input, out _));
}
