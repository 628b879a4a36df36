// Language-feature support types that netstandard2.0 lacks. The compiler only needs them to exist.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit
    {
    }
}
