namespace Dars.Web.Pages;

/// <summary>The whole lifecycle picture (anyone may read it).</summary>
public sealed class LifecycleModel : DarsPage
{
    public void OnGet() { }
}
