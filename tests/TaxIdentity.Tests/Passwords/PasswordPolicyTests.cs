using TaxIdentity.Core.Passwords;

namespace TaxIdentity.Tests.Passwords;

public sealed class PasswordPolicyTests
{
    private static readonly PasswordContext NoContext = new(null, null, null);
    private static readonly PasswordContext Person = new("Zhang.Wei88", "+8613800138000", "11010519491231002X");

    private readonly PasswordPolicy policy = new();

    [Fact]
    public void Check_SevenCharacters_IsRefused() => Assert.Equal([PasswordPolicy.TooShortMessage], policy.Check("Tq7#mzk", NoContext));

    [Fact]
    public void Check_EightCharactersWithThreeClasses_IsAccepted() => Assert.Empty(policy.Check("Tq7#mzkw", NoContext));

    [Fact]
    public void Check_SixtyFourCharacters_IsAccepted()
    {
        var password = "Tq7#" + new string('m', 60);
        Assert.Equal(64, password.Length);
        Assert.Empty(policy.Check(password, NoContext));
    }

    [Fact]
    public void Check_MaxLengthCharacters_IsAccepted()
    {
        var password = "Tq7#" + new string('m', PasswordPolicy.MaxLength - 4);
        Assert.Equal(128, password.Length);
        Assert.Empty(policy.Check(password, NoContext));
    }

    [Fact]
    public void Check_OneCharacterOverMaxLength_IsRefusedNotTruncated()
    {
        var password = "Tq7#" + new string('m', PasswordPolicy.MaxLength - 3);
        Assert.Equal([PasswordPolicy.TooLongMessage], policy.Check(password, NoContext));
    }

    [Fact]
    public void Check_Null_IsRefused()
    {
        var broken = policy.Check(null, NoContext);
        Assert.Contains(PasswordPolicy.TooShortMessage, broken);
        Assert.Contains(PasswordPolicy.TooFewClassesMessage, broken);
    }

    [Theory]
    [InlineData("zebrakite7391")] // lower, digit
    [InlineData("ZEBRAKITE7391")] // upper, digit
    [InlineData("ZebraKiteRiver")] // upper, lower
    [InlineData("zebra#kite$river")] // lower, special
    public void Check_TwoCharacterClasses_IsRefused(string password) => Assert.Equal([PasswordPolicy.TooFewClassesMessage], policy.Check(password, NoContext));

    [Theory]
    [InlineData("ZebraKite7391")] // upper, lower, digit
    [InlineData("zebra#kite7391")] // lower, digit, special
    [InlineData("ZEBRA#KITE7391")] // upper, digit, special
    [InlineData("Zebra#KiteRiver")] // upper, lower, special
    [InlineData("Zebra#Kite7391")] // all four
    public void Check_ThreeCharacterClasses_IsAccepted(string password) => Assert.Empty(policy.Check(password, NoContext));

    [Fact]
    public void Check_ChineseCharactersCountAsSpecial()
    {
        Assert.Empty(policy.Check("税务zebra7391", NoContext)); // lower, digit, Chinese
        Assert.Equal([PasswordPolicy.TooFewClassesMessage], policy.Check("国家税务总局7391", NoContext)); // Chinese, digit
    }

    [Fact]
    public void Check_SpaceCountsAsSpecial() => Assert.Empty(policy.Check("zebra kite 7391", NoContext));

    [Fact]
    public void Check_EmojiCountsAsSpecial() => Assert.Empty(policy.Check("zebrakite7391\U0001F600", NoContext));

    [Theory]
    [InlineData("Zebra\tKite7391")]
    [InlineData("Zebra\nKite7391")]
    [InlineData("Zebra\0Kite7391")]
    [InlineData("Zebra\u007FKite7391")]
    public void Check_ControlCharacter_IsRefused(string password) => Assert.Equal([PasswordPolicy.ControlCharacterMessage], policy.Check(password, NoContext));

    [Fact]
    public void Check_UnpairedSurrogate_IsRefused() => Assert.Contains(PasswordPolicy.InvalidTextMessage, policy.Check("Zebra#Kite\uD83D7391", NoContext));

    [Theory]
    [InlineData("P@ssw0rd")] // from the zxcvbn list
    [InlineData("Passw0rd")] // from the zxcvbn list
    [InlineData("!QAZ2wsx")] // from the zxcvbn list
    [InlineData("Password1!")] // from the added complexity-passing passwords
    [InlineData("Qwerty123!")]
    [InlineData("1qaz@WSX")]
    [InlineData("Admin@123")]
    [InlineData("WoAiNi1314")] // from the added Chinese-context passwords, case varied
    public void Check_CommonPassword_IsRefused(string password) => Assert.Equal([PasswordPolicy.CommonMessage], policy.Check(password, NoContext));

    [Theory]
    [InlineData("123456")]
    [InlineData("PASSWORD")]
    [InlineData("woaini1314")]
    [InlineData("a123456")]
    [InlineData("5201314")]
    public void Check_ListHoldsWellKnownPasswords(string password) => Assert.True(policy.IsCommon(password));

    [Fact]
    public void Check_ListHasAtLeast3000Entries() => Assert.True(policy.CommonPasswordCount >= 3000, $"{policy.CommonPasswordCount} entries");

    [Theory]
    [InlineData("Zhang.Wei88")]
    [InlineData("zhang.wei88")]
    public void Check_EqualsUsername_IsRefused(string password) => Assert.Equal([PasswordPolicy.UsernameMessage], policy.Check(password, Person));

    [Fact]
    public void Check_UsernameWithMore_IsAccepted() => Assert.Empty(policy.Check("Zhang.Wei88 river kite", Person));

    [Theory]
    [InlineData("13800138000")]
    [InlineData("+8613800138000")]
    [InlineData("8613800138000")]
    [InlineData("008613800138000")]
    public void Check_EqualsPhone_IsRefused(string password)
    {
        Assert.Contains(PasswordPolicy.PhoneMessage, policy.Check(password, Person));
        Assert.Contains(PasswordPolicy.PhoneMessage, policy.Check(password, Person with { Phone = "13800138000" }));
    }

    [Fact]
    public void Check_ContainsPhone_IsRefused() => Assert.Equal([PasswordPolicy.PhoneMessage], policy.Check("Tax#13800138000", Person));

    [Fact]
    public void Check_ContainsIdNumber_IsRefused() => Assert.Equal([PasswordPolicy.IdNumberMessage], policy.Check("Id#11010519491231002x", Person));

    [Fact]
    public void Check_EqualsIdNumber_IsRefused() => Assert.Contains(PasswordPolicy.IdNumberMessage, policy.Check("11010519491231002X", Person));

    [Fact]
    public void Check_SeveralBrokenRules_AreAllReported()
    {
        var broken = policy.Check("138001", Person with { Username = "138001" });
        Assert.Contains(PasswordPolicy.TooShortMessage, broken);
        Assert.Contains(PasswordPolicy.TooFewClassesMessage, broken);
        Assert.Contains(PasswordPolicy.UsernameMessage, broken);
    }
}
