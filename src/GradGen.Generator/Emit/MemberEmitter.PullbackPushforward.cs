using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Emit
{
    /// <summary>The hidden member second derivatives call through a call: a method's pullback pushed forward.</summary>
    internal static partial class MemberEmitter
    {
        /// <summary>The file of the pullback pushed forward of a method whose pullback the gradient of a
        /// <c>[Differentiable(Hessian = true)]</c> method reaches (one of its <see cref="MethodModel.SecondOrderCallees"/>).</summary>
        public static string EmitPullbackPushforward(MethodModel model, PullbackPushforwardBody body, System.Func<Intrinsic, FunctionSpelling> spelling)
        {
            SourceWriter w = Open(model);
            WritePullbackPushforward(w, model, body, spelling);
            return Close(w, model);
        }

        /// <summary>
        /// <c>FPullbackPushforward(p1, ..., pn, t1, ..., tk, seed, seedTangent, a1, ..., ak, at1, ..., atk)</c>: the pullback with
        /// every input moved along a direction (the parameters by their tangents, the seed by its own, the adjoints by theirs);
        /// adds into the adjoints what the pullback adds and into their tangents the derivative of that along the direction, and
        /// returns the value and its tangent. Internal at most, hidden from IntelliSense.
        /// </summary>
        private static void WritePullbackPushforward(SourceWriter w, MethodModel model, PullbackPushforwardBody body, System.Func<Intrinsic, FunctionSpelling> spelling)
        {
            var taken = new HashSet<string>(model.Parameters.Select(p => p.Name), System.StringComparer.Ordinal);
            string Fresh(string preferred)
            {
                string name = Naming.Unique(preferred, taken);
                taken.Add(name);
                return name;
            }

            var renamed = new List<Variable>();
            var texts = ParameterTexts(model, forPullback: true);
            foreach ((ParameterModel p, Variable tangent) in body.Tangents)
            {
                string name = Fresh(tangent.Name);
                renamed.Add(tangent with { Name = name });
                texts.Add(TypeNames.Of(GeneratedMembers.TangentType(p.Type)) + " " + name);
            }

            string valueType = TypeNames.Of(model.ReturnType);
            Variable seed = body.Pullback.Seed!;
            string seedName = Fresh(seed.Name);
            renamed.Add(seed with { Name = seedName });
            texts.Add(valueType + " " + seedName);
            string seedTangentName = Fresh(body.SeedTangent.Name);
            renamed.Add(body.SeedTangent with { Name = seedTangentName });
            texts.Add(valueType + " " + seedTangentName);
            var adjointTexts = new List<string>();
            var tangentTexts = new List<string>();
            for (int i = 0; i < body.Pullback.Adjoints.Count; i++)
            {
                (ParameterModel p, Variable adjoint) = body.Pullback.Adjoints[i];
                string type = (GeneratedMembers.AdjointIsByRef(p.Type) ? "ref " : string.Empty) + TypeNames.Of(GeneratedMembers.AdjointType(p.Type)) + " ";
                string adjointName = Fresh(adjoint.Name);
                renamed.Add(adjoint with { Name = adjointName });
                adjointTexts.Add(type + adjointName);
                string tangentName = Fresh(body.AdjointTangents[i].Name);
                renamed.Add(body.AdjointTangents[i] with { Name = tangentName });
                tangentTexts.Add(type + tangentName);
            }

            texts.AddRange(adjointTexts);
            texts.AddRange(tangentTexts);
            w.WriteLine("/// <summary>");
            w.WriteLine("/// The pullback of <c>" + Xml(model.DocumentationId) + "</c> pushed forward: <c>" + Xml(model.PullbackName) + "</c> with its arguments, its seed and its");
            w.WriteLine("/// adjoints moved along a direction (the tangents), adding what the pullback adds into the adjoints and its derivative along the direction into");
            w.WriteLine("/// their tangents; returns the value and its tangent.");
            w.WriteLine("/// </summary>");
            w.WriteLine("/// <remarks>Generated because the gradient of a [Differentiable(Hessian = true)] method calls <c>" + Xml(model.PullbackName) + "</c>: its Hessian-vector product calls this instead.</remarks>");
            w.WriteLine(GeneratedCodeAttribute);
            w.WriteLine("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
            string accessibility = model.Accessibility is "public" or "protected internal" ? "internal" : model.Accessibility;
            w.WriteLine(accessibility + (model.IsStatic ? " static " : " ") + "(" + valueType + " Value, " + valueType + " Tangent) " + model.PullbackPushforwardName + TypeParameters(model)
                + "(" + string.Join(", ", texts) + ")" + Constraints(model));
            WriteBody(w, model, new DerivativeBody(body.Body, null, System.Array.Empty<(ParameterModel, Variable)>()), renamed, spelling);
        }
    }
}
