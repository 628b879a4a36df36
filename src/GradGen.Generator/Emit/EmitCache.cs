using System.Collections.Concurrent;
using GradGen.Generator.Model;

namespace GradGen.Generator.Emit
{
    /// <summary>
    /// Generated source by model, shared by the generator and the analyzer in one compiler process: in a
    /// build the generator emits first, and the analyzer (which emits only to report an internal error
    /// as GG9999) finds the result here instead of differentiating the method again. Models compare by
    /// value, so an unchanged method hits. Bounded: it is cleared when it grows past its capacity, so an
    /// IDE session never accumulates models.
    /// </summary>
    internal static class EmitCache
    {
        private const int Capacity = 1024;
        private static readonly ConcurrentDictionary<MethodModel, string> Sources = new();

        public static string Emit(MethodModel model)
        {
            if (Sources.TryGetValue(model, out string? source)) return source;
            source = MemberEmitter.Emit(model);
            if (Sources.Count >= Capacity) Sources.Clear();
            Sources[model] = source;
            return source;
        }

        /// <summary>Forgets everything (the compile-time benchmark measures cold generation).</summary>
        public static void Clear() => Sources.Clear();
    }
}
