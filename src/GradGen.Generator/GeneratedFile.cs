using System;
using System.Collections.Generic;
using GradGen.Generator.Differentiation;
using GradGen.Generator.Emit;
using GradGen.Generator.Model;
using GradGen.Generator.Rules;

namespace GradGen.Generator
{
    /// <summary>
    /// The output of one method: its generated source, or why GradGen could not produce it. Strings only, so
    /// the incremental pipeline caches it by value; an unchanged model is never differentiated twice.
    /// </summary>
    internal sealed record GeneratedFile(string HintName, string MethodName, string? Source, string? Failure)
    {
        /// <summary>Writes the members of <paramref name="model"/> from its differentiated bodies, spelling elementary
        /// functions as the rules table says.</summary>
        internal static string Emit(MethodModel model, DerivativeBody? gradient, DerivativeBody pullback, DerivativeBody? pushforward = null, DerivativeBody? hessianVectorProduct = null) =>
            MemberEmitter.Emit(model, gradient, pullback, ElementaryFunctions.Spelling, pushforward, hessianVectorProduct);

        /// <summary>Differentiates <paramref name="model"/> and writes its members. Never throws (except on cancellation):
        /// a failure becomes <see cref="Failure"/>, which the generator reports as GG9999.</summary>
        public static GeneratedFile For(MethodModel model) => Guarded(model, model.HintName, () =>
        {
            IReadOnlyDictionary<GeneratedMemberKind, DerivativeBody> bodies = Differentiator.Differentiate(model);
            bodies.TryGetValue(GeneratedMemberKind.Gradient, out DerivativeBody? gradient);
            bodies.TryGetValue(GeneratedMemberKind.Pushforward, out DerivativeBody? pushforward);
            bodies.TryGetValue(GeneratedMemberKind.HessianVectorProduct, out DerivativeBody? hessianVectorProduct);
            return Emit(model, gradient, bodies[GeneratedMemberKind.Pullback], pushforward, hessianVectorProduct);
        });

        /// <summary>The file of the pushforward of a method that forward-mode methods call (one of their
        /// <see cref="MethodModel.ForwardCallees"/>), beside the method's own file. Never throws (except on cancellation).</summary>
        public static GeneratedFile ForPushforward(MethodModel model) =>
            Guarded(model, Beside(model, ".Pushforward.g.cs"), () => MemberEmitter.EmitPushforward(model, Differentiator.Pushforward(model), ElementaryFunctions.Spelling));

        /// <summary>The file of the pullback pushed forward of a method whose pullback a second-order method's gradient calls
        /// (one of their <see cref="MethodModel.SecondOrderCallees"/>), beside the method's own file. Never throws (except on cancellation).</summary>
        public static GeneratedFile ForPullbackPushforward(MethodModel model) =>
            Guarded(model, Beside(model, ".PullbackPushforward.g.cs"), () => MemberEmitter.EmitPullbackPushforward(model, Differentiator.PullbackPushforward(model), ElementaryFunctions.Spelling));

        /// <summary>The file <paramref name="emit"/> writes for <paramref name="model"/> under <paramref name="hintName"/>, or the
        /// failure (anything but cancellation), within the method's type parameter.</summary>
        private static GeneratedFile Guarded(MethodModel model, string hintName, Func<string> emit)
        {
            try
            {
                using IDisposable generic = TypeNames.WithGeneric(model.Generic?.TypeParameter);
                return new GeneratedFile(hintName, model.Name, emit(), null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return new GeneratedFile(hintName, model.Name, null, ex.GetType().Name + ": " + ex.Message);
            }
        }

        private static string Beside(MethodModel model, string suffix) =>
            (model.HintName.EndsWith(".g.cs", StringComparison.Ordinal) ? model.HintName.Substring(0, model.HintName.Length - 5) : model.HintName) + suffix;
    }
}
