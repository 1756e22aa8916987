package news.dispatch.core.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * The H2 on the class path still has the call {@link H2CommitPatch} removes. When this fails after an upgrade, see
 * whether the release fixed the leak (then the patch goes) or moved it (then the patch follows).
 */
class H2CommitPatchTest {

    @Test
    void removesTheCopyOfTheChildKeptAndNoOtherCall() {
        byte[] shipped = H2CommitPatch.shipped();
        byte[] patched = H2CommitPatch.patched(shipped);

        assertThat(patched).as("H2's commit with exactly one copy of the child kept").isNotNull();
        assertThat(calls(shipped)).containsSubsequence("Page.getChildPage", "Page.copy", "Page.copy", "Page.copy");
        List<String> left = calls(shipped);
        left.remove(left.indexOf("Page.getChildPage") + 1);
        assertThat(calls(patched)).isEqualTo(left);
    }

    /** H2's own removal, which puts the child itself in its parent's place: nothing to patch. */
    @Test
    void leavesADecisionWithoutThatCallAsItIs() throws IOException {
        try (var code = MVStore.class.getResourceAsStream("MVMap$DecisionMaker.class")) {
            assertThat(H2CommitPatch.patched(code.readAllBytes())).isNull();
        }
    }

    @Test
    void isAppliedBeforeAnApplicationOpensItsDatabase() throws IOException {
        List<String> registered = new ArrayList<>();
        for (URL factories : Collections.list(getClass().getClassLoader()
                .getResources(SpringFactoriesLoader.FACTORIES_RESOURCE_LOCATION))) {
            registered.add(PropertiesLoaderUtils.loadProperties(new UrlResource(factories))
                    .getProperty(EnvironmentPostProcessor.class.getName(), ""));
        }
        assertThat(registered).anyMatch(names -> names.contains(H2CommitPatch.class.getName()));
        assertThat(H2CommitPatch.apply()).isEqualTo(H2CommitPatch.Outcome.PATCHED);
    }

    /** The methods {@code decide(CursorPos, …)} calls, in order, as {@code Owner.name}. */
    private static List<String> calls(byte[] code) {
        List<String> calls = new ArrayList<>();
        new ClassReader(code).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if (!name.equals("decide") || !descriptor.startsWith("(Lorg/h2/mvstore/CursorPos;")) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String methodDescriptor,
                            boolean isInterface) {
                        calls.add(owner.substring(owner.lastIndexOf('/') + 1) + "." + method);
                    }
                };
            }
        }, 0);
        return calls;
    }
}
