using Dars.Activities.Data;
using Dars.Tests.Infrastructure;
using static Dars.Tests.Activities.Data.DataFiles;

namespace Dars.Tests.Activities.Data;

/// <summary>The objection register (Azurite): replaced whole, loaded for production.</summary>
public sealed class ObjectionRegisterTests
{
    private static async Task<ObjectionRegister> Register()
    {
        var clients = await TestStorage.CreateAsync();
        return new ObjectionRegister(clients.Blobs.GetBlobContainerClient(clients.Options.DatasetsContainer));
    }

    [Fact]
    public async Task No_register_loads_empty_then_a_replace_is_loaded_and_replaced_again()
    {
        var register = await Register();
        Assert.Empty(await register.LoadAsync(default));

        var first = await register.ReplaceAsync(Stream(DataFiles.Register + "9000000003,type-1\n"), default);
        Assert.True(first.Succeeded);
        Assert.Equal(6, first.Count);
        var loaded = await register.LoadAsync(default);
        Assert.Equal(5, loaded.Count);
        Assert.Equal(ObjectionTypes.Type1, loaded[9000000002]);
        Assert.Equal(ObjectionTypes.Type1 | ObjectionTypes.NationalDataOptOut, loaded[9000000003]);

        var second = await register.ReplaceAsync(Stream("nhs_number , objection_type\r\n9000000007,national-data-opt-out\r\n"), default);
        Assert.Equal(1, second.Count);
        Assert.Equal(new Dictionary<long, ObjectionTypes> { [9000000007] = ObjectionTypes.NationalDataOptOut }, await register.LoadAsync(default));
    }

    [Theory]
    [InlineData("NHS_NUMBER,TYPE\n", "header: the columns must be NHS_NUMBER,OBJECTION_TYPE")]
    [InlineData("NHS_NUMBER,OBJECTION_TYPE\n9000000001,type-2\n", "row 1: OBJECTION_TYPE must be type-1 or national-data-opt-out")]
    [InlineData("NHS_NUMBER,OBJECTION_TYPE\n9000000001,type-1\n943476591,type-1\n", "row 2: NHS_NUMBER '*******591' is not 10 digits")]
    [InlineData("NHS_NUMBER,OBJECTION_TYPE\n9000000001\n", "row 1: 1 fields where the header has 2")]
    public async Task A_bad_register_is_refused_and_the_old_one_stays(string text, string problem)
    {
        var register = await Register();
        await register.ReplaceAsync(Stream(DataFiles.Register), default);

        var result = await register.ReplaceAsync(Stream(text), default);

        Assert.False(result.Succeeded);
        Assert.Equal(problem, result.Problems[0]);
        Assert.Equal(5, (await register.LoadAsync(default)).Count);
    }
}
