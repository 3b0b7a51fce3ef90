using Dars.Hosting;

DarsApp.Build(args).Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
