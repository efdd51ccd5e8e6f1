package org.guildhall.signaling;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.guildhall.community.HostedCommunity;
import org.guildhall.rest.Authenticated;
import org.guildhall.rooms.Delivery;
import org.guildhall.rooms.Peer;
import org.guildhall.rooms.RoomRegistry;

/**
 * Room administration for the community's moderators (its {@code moderation.moderators}, and the SSO's
 * {@code moderator} and {@code admin} groups): list rooms and peers, close a room, remove a peer.
 */
@Path("rooms")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class RoomsResource {

    @Inject
    JsonWebToken token;

    @Inject
    RoomRegistry rooms;

    @Inject
    SignalingSockets sockets;

    @Inject
    HostedCommunity community;

    @GET
    public JsonArray list() {
        requireModerator();
        JsonArrayBuilder list = Json.createArrayBuilder();
        rooms.snapshot()
                .forEach((room, peers) ->
                        list.add(Json.createObjectBuilder().add("room", room).add("peers", peers(peers))));
        return list.build();
    }

    @DELETE
    @Path("{room}")
    public void close(@PathParam("room") String room) {
        requireModerator();
        List<Delivery> deliveries = rooms.closeRoom(room);
        if (deliveries.isEmpty()) {
            throw new NotFoundException("no room " + room);
        }
        sockets.deliver(deliveries);
    }

    @DELETE
    @Path("{room}/peers/{peerId}")
    public void remove(@PathParam("room") String room, @PathParam("peerId") String peerId) {
        requireModerator();
        sockets.deliver(rooms.removePeer(room, peerId)
                .orElseThrow(() -> new NotFoundException("no peer " + peerId + " in room " + room)));
    }

    private void requireModerator() {
        if (!community.current().isModerator(token.getName(), token.getGroups())) {
            throw new ForbiddenException("room administration is for the community's moderators and admin only");
        }
    }

    private static JsonArrayBuilder peers(List<Peer> peers) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (Peer peer : peers) {
            list.add(Json.createObjectBuilder()
                    .add("peerId", peer.peerId())
                    .add("userId", peer.userId())
                    .add("joinedAt", peer.joinedAt().toString())
                    .add("metadata", peer.metadata()));
        }
        return list;
    }
}
