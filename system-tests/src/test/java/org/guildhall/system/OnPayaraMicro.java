package org.guildhall.system;

import java.io.File;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A suite against the three built WARs on one real Payara Micro, started by Arquillian: the signaling WAR is the
 * deployment, the other two are deployed beside it ({@link TestIdentityProvider} sets the server up).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class OnPayaraMicro {

    @Deployment(testable = false)
    static WebArchive signaling() {
        return ShrinkWrap.createFromZipFile(
                WebArchive.class, new File(System.getProperty("guildhall.runtime.dir"), "signaling.war"));
    }

    @ArquillianResource
    URL deployment;

    /** A client of the server over loopback (Arquillian reports the machine's outward address). */
    Client client() {
        return Client.localhost(deployment.getPort());
    }

    int port() {
        return deployment.getPort();
    }
}
